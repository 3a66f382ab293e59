# tcpviz_ui_logic: the ImGui-free part of ui/ -- every ui/<dir>/**/*.cpp except ui/views/
# (layout, model, narration, ...). Layout is a pure function of trace + view state, so it is
# built everywhere (native, wasm, the tests) and never sees ImGui headers.
# ImGui code lives in ui/*.cpp (the app shell) and ui/views/** (see TcpvizApp.cmake).

file(GLOB_RECURSE _ui_all CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/ui/*.cpp")
set(TCPVIZ_UI_LOGIC_SOURCES "")
set(TCPVIZ_UI_IMGUI_SOURCES "")
foreach(src IN LISTS _ui_all)
  file(RELATIVE_PATH rel "${PROJECT_SOURCE_DIR}/ui" "${src}")
  if(rel MATCHES "^views/" OR NOT rel MATCHES "/")
    list(APPEND TCPVIZ_UI_IMGUI_SOURCES "${src}")
  else()
    list(APPEND TCPVIZ_UI_LOGIC_SOURCES "${src}")
  endif()
endforeach()

if(NOT TCPVIZ_UI_LOGIC_SOURCES)
  set(_empty "${CMAKE_BINARY_DIR}/generated/tcpviz_ui_logic_empty.cpp")
  file(WRITE "${_empty}" "// ui/ has no ImGui-free .cpp files yet\nnamespace tcpviz::ui { }\n")
  set(TCPVIZ_UI_LOGIC_SOURCES "${_empty}")
endif()

# tcpviz_add_ui_logic(<name> <core target> [OPTIONS <compile options...>])
function(tcpviz_add_ui_logic name core)
  cmake_parse_arguments(ARG "" "" "OPTIONS" ${ARGN})
  add_library(${name} STATIC ${TCPVIZ_UI_LOGIC_SOURCES})
  target_link_libraries(${name} PUBLIC ${core})
  if(ARG_OPTIONS)
    target_compile_options(${name} PRIVATE ${ARG_OPTIONS})
  endif()
  tcpviz_warnings(${name})
endfunction()

if(TCPVIZ_WASM)
  tcpviz_add_ui_logic(tcpviz_ui_logic tcpviz_core OPTIONS -Os)
  tcpviz_add_ui_logic(tcpviz_ui_logic_exc tcpviz_core_exc)
else()
  tcpviz_add_ui_logic(tcpviz_ui_logic tcpviz_core)
endif()
