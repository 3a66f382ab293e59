# The app: ImGui (built from the unpacked Debian source package in .deps/, the same
# sources for native and wasm), the shared shell in ui/, and one platform main each:
#   ui/*.cpp + ui/views/**/*.cpp -> tcpviz_ui (links tcpviz_ui_logic, see TcpvizUiLogic.cmake)
#   native: desktop/*.cpp -> tcpviz (SDL2 from libsdl2-dev + OpenGL3)
#   wasm:   web/*.cpp     -> public/tcpviz.js + public/tcpviz.wasm (SDL2 built by
#           scripts/deps.sh from Debian's libsdl2 source into a cache; WebGL2)

file(GLOB _imgui_candidates LIST_DIRECTORIES true "${PROJECT_SOURCE_DIR}/.deps/imgui-*")
list(SORT _imgui_candidates)
list(POP_BACK _imgui_candidates _imgui_default)
set(TCPVIZ_IMGUI_DIR "${_imgui_default}" CACHE PATH "Unpacked Dear ImGui 1.86 sources")

set(_app_missing "")
if(NOT TCPVIZ_IMGUI_DIR OR NOT EXISTS "${TCPVIZ_IMGUI_DIR}/imgui.cpp")
  string(APPEND _app_missing " ImGui sources (TCPVIZ_IMGUI_DIR='${TCPVIZ_IMGUI_DIR}');")
endif()

if(TCPVIZ_WASM)
  set(TCPVIZ_SDL2_WASM_DIR "" CACHE PATH "SDL2 built for wasm (prefix with include/ and lib/)")
  if(NOT EXISTS "${TCPVIZ_SDL2_WASM_DIR}/lib/libSDL2.a")
    string(APPEND _app_missing " SDL2 for wasm (TCPVIZ_SDL2_WASM_DIR='${TCPVIZ_SDL2_WASM_DIR}');")
  else()
    add_library(SDL2::SDL2 STATIC IMPORTED)
    set_target_properties(SDL2::SDL2 PROPERTIES
      IMPORTED_LOCATION "${TCPVIZ_SDL2_WASM_DIR}/lib/libSDL2.a"
      INTERFACE_INCLUDE_DIRECTORIES "${TCPVIZ_SDL2_WASM_DIR}/include/SDL2")
  endif()
else()
  find_package(SDL2 QUIET)
  find_package(OpenGL QUIET)
  if(NOT TARGET SDL2::SDL2)
    string(APPEND _app_missing " SDL2 (libsdl2-dev);")
  endif()
  if(NOT TARGET OpenGL::GL)
    string(APPEND _app_missing " OpenGL;")
  endif()
endif()

if(_app_missing)
  if(TCPVIZ_REQUIRE_APP)
    message(FATAL_ERROR "tcpviz: the app cannot be built, missing:${_app_missing} run scripts/deps.sh")
  endif()
  message(WARNING "tcpviz: skipping the app, missing:${_app_missing} run scripts/deps.sh")
  return()
endif()

# --- Dear ImGui + the SDL2 / OpenGL3 backends (third-party: no project warnings) ---
set(_im "${TCPVIZ_IMGUI_DIR}")
add_library(tcpviz_imgui STATIC
  "${_im}/imgui.cpp" "${_im}/imgui_draw.cpp" "${_im}/imgui_tables.cpp"
  "${_im}/imgui_widgets.cpp" "${_im}/imgui_demo.cpp"
  "${_im}/backends/imgui_impl_sdl.cpp" "${_im}/backends/imgui_impl_opengl3.cpp")
target_include_directories(tcpviz_imgui SYSTEM PUBLIC "${_im}" "${_im}/backends")
target_link_libraries(tcpviz_imgui PUBLIC SDL2::SDL2)
target_compile_definitions(tcpviz_imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS)
target_compile_options(tcpviz_imgui PRIVATE -w)  # third-party code: not ours to warn about
if(TCPVIZ_WASM)
  target_compile_options(tcpviz_imgui PRIVATE -Os)
  target_compile_options(tcpviz_imgui PUBLIC -fno-exceptions)
  # WebGL2 is GL ES 3 ("#version 300 es"); ImGui 1.86 would default to ES2 under Emscripten.
  target_compile_definitions(tcpviz_imgui PUBLIC IMGUI_IMPL_OPENGL_ES3)
else()
  target_link_libraries(tcpviz_imgui PUBLIC OpenGL::GL ${CMAKE_DL_LIBS})
endif()

# --- ui/*.cpp + ui/views/**: the app and its ImGui views, shared by desktop and web ---
# (no platform #ifdefs in here; the ImGui-free rest of ui/ is tcpviz_ui_logic)
add_library(tcpviz_ui STATIC ${TCPVIZ_UI_IMGUI_SOURCES})
target_link_libraries(tcpviz_ui PUBLIC tcpviz_ui_logic tcpviz_imgui)
tcpviz_warnings(tcpviz_ui)
if(TCPVIZ_WASM)
  target_compile_options(tcpviz_ui PRIVATE -Os)
endif()

# --- The Chinese font: a subset of a Debian CJK font holding only the characters the UI
# shows (scripts/make_font_subset.py), compiled in because the web build has no filesystem.
# Debian's python3 is used on purpose: python3-fonttools is installed for it by deps.sh.
find_program(TCPVIZ_DEBIAN_PYTHON NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
set(_font_dir "${CMAKE_BINARY_DIR}/generated/fonts")
file(GLOB_RECURSE _font_inputs CONFIGURE_DEPENDS
     "${PROJECT_SOURCE_DIR}/ui/*.cpp" "${PROJECT_SOURCE_DIR}/ui/*.hpp"
     "${PROJECT_SOURCE_DIR}/core/scenario/preset*.cpp"
     "${PROJECT_SOURCE_DIR}/core/scenario/preset*.hpp")
add_custom_command(
  OUTPUT "${_font_dir}/cjk_font.cpp" "${_font_dir}/cjk_font.hpp"
  COMMAND "${TCPVIZ_DEBIAN_PYTHON}" "${PROJECT_SOURCE_DIR}/scripts/make_font_subset.py"
          --root "${PROJECT_SOURCE_DIR}" --out "${_font_dir}"
  DEPENDS "${PROJECT_SOURCE_DIR}/scripts/make_font_subset.py" ${_font_inputs}
  COMMENT "Subsetting the CJK font to the characters tcpviz shows"
  VERBATIM)
add_library(tcpviz_cjk_font STATIC "${_font_dir}/cjk_font.cpp")
target_include_directories(tcpviz_cjk_font PUBLIC "${_font_dir}")
target_compile_definitions(tcpviz_cjk_font PUBLIC TCPVIZ_HAVE_CJK_FONT=1)
target_link_libraries(tcpviz_ui PUBLIC tcpviz_cjk_font)

# --- The views' headless smoke test and the frame benchmark need ImGui, so they live here.
if(TCPVIZ_BUILD_TESTS AND NOT TCPVIZ_WASM)
  file(GLOB _smoke_sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/tests/ui/smoke/*.cpp")
  if(_smoke_sources)
    tcpviz_add_catch_tests(tcpviz_ui_smoke SOURCES ${_smoke_sources} LIBS tcpviz_ui)
  endif()
endif()
if(TARGET bench_frame)
  target_link_libraries(bench_frame PRIVATE tcpviz_ui)
endif()

if(TCPVIZ_WASM)
  # --- web/: public/tcpviz.js + public/tcpviz.wasm next to the committed index.html ---
  file(GLOB TCPVIZ_WEB_SOURCES CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/web/*.cpp")
  add_executable(tcpviz_web ${TCPVIZ_WEB_SOURCES})
  target_link_libraries(tcpviz_web PRIVATE tcpviz_ui)
  tcpviz_warnings(tcpviz_web)
  target_compile_options(tcpviz_web PRIVATE -Os -Wno-dollar-in-identifier-extension)  # EM_ASM uses $0
  set(_exports "_main,_malloc,_free,_tcpviz_version")
  target_link_options(tcpviz_web PRIVATE
    -Os
    -sUSE_WEBGL2=1 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
    -sALLOW_MEMORY_GROWTH=1 -sNO_FILESYSTEM=1 -sENVIRONMENT=web
    -sMODULARIZE=1 -sEXPORT_NAME=createTcpvizModule
    "-sEXPORTED_FUNCTIONS=${_exports}"
    "-sEXPORTED_RUNTIME_METHODS=ccall,cwrap,UTF8ToString")
  # TCPVIZ_WEB_OUT_DIR: where tcpviz.{js,wasm} go. The default is public/, next to the
  # committed page; a developer build may point it elsewhere (e.g. build/dev-x/public) so two
  # builds never overwrite each other's outputs. Then the committed static files of public/
  # are copied next to the outputs after each link, and the browser tests are pointed at the
  # folder with TCPVIZ_PUBLIC_DIR.
  set(TCPVIZ_WEB_OUT_DIR "${PROJECT_SOURCE_DIR}/public" CACHE PATH "output folder of the web app")
  set_target_properties(tcpviz_web PROPERTIES
    OUTPUT_NAME tcpviz
    SUFFIX ".js"
    RUNTIME_OUTPUT_DIRECTORY "${TCPVIZ_WEB_OUT_DIR}")
  get_filename_component(_web_out "${TCPVIZ_WEB_OUT_DIR}" ABSOLUTE)
  if(NOT _web_out STREQUAL "${PROJECT_SOURCE_DIR}/public")
    add_custom_command(TARGET tcpviz_web POST_BUILD
      COMMAND ${CMAKE_COMMAND} -DSRC=${PROJECT_SOURCE_DIR}/public -DDST=${_web_out}
              -P ${PROJECT_SOURCE_DIR}/cmake/copy_public_static.cmake
      VERBATIM)
  endif()
else()
  # --- desktop/: the native window ---
  file(GLOB TCPVIZ_DESKTOP_SOURCES CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/desktop/*.cpp")
  add_executable(tcpviz ${TCPVIZ_DESKTOP_SOURCES})
  target_link_libraries(tcpviz PRIVATE tcpviz_ui)
  if(TARGET tcpviz_live)
    target_link_libraries(tcpviz PRIVATE tcpviz_live)
  endif()
  tcpviz_warnings(tcpviz)
endif()

