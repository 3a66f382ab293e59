# tcpviz_tests: Catch2 v2 from tests/core/*.cpp and tests/ui/*.cpp (tests of the ImGui-free
# tcpviz_ui_logic) plus tests/catch_main.cpp (the one main).
# Natively registered with ctest, one ctest test per test file (e.g. "core/wire_seq_test",
# run as `tcpviz_tests --filenames-as-tags [#wire_seq_test]`; per-TEST_CASE registration breaks on test names
# that Catch2 reads as options or lists, such as "--fault flags: drop, delay="). `--warn NoTests`
# makes an entry fail when its filter matches no test case, instead of passing with none run. In wasm it is
# tcpviz_tests.js, run as: node --no-experimental-fetch build/wasm/tcpviz_tests.js
# Tests open data files through TCPVIZ_SOURCE_DIR, e.g. TCPVIZ_SOURCE_DIR "/tests/golden/x.txt".

# The Catch2 main compiles slowly; keep it in its own object library so it builds once.
add_library(tcpviz_catch_main OBJECT "${PROJECT_SOURCE_DIR}/tests/catch_main.cpp")
target_link_libraries(tcpviz_catch_main PUBLIC tcpviz_catch2)
if(TCPVIZ_WASM)
  target_compile_options(tcpviz_catch_main PRIVATE -fexceptions)
else()
  include(CTest)
endif()

# tcpviz_add_catch_tests(<target> SOURCES <files...> LIBS <libs...> [LABELS <labels...>])
function(tcpviz_add_catch_tests target)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${target} ${ARG_SOURCES} $<TARGET_OBJECTS:tcpviz_catch_main>)
  target_link_libraries(${target} PRIVATE tcpviz_catch2 ${ARG_LIBS})
  target_compile_definitions(${target} PRIVATE TCPVIZ_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  tcpviz_warnings(${target})
  if(TCPVIZ_WASM)
    # NODERAWFS: the tests read the same files as the native build, straight from disk.
    target_link_options(${target} PRIVATE -fexceptions -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1
                        -sEXIT_RUNTIME=1 -sENVIRONMENT=node)
  else()
    foreach(src IN LISTS ARG_SOURCES)
      get_filename_component(stem "${src}" NAME_WE)
      get_filename_component(dir "${src}" DIRECTORY)
      get_filename_component(dir "${dir}" NAME)
      add_test(NAME "${dir}/${stem}" COMMAND ${target} --filenames-as-tags --warn NoTests "[#${stem}]"
               WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
      if(ARG_LABELS)
        set_tests_properties("${dir}/${stem}" PROPERTIES LABELS "${ARG_LABELS}")
      endif()
    endforeach()
  endif()
endfunction()

file(GLOB TCPVIZ_TEST_SOURCES CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/tests/core/*.cpp"
     "${PROJECT_SOURCE_DIR}/tests/ui/*.cpp")
if(TCPVIZ_WASM)
  tcpviz_add_catch_tests(tcpviz_tests SOURCES ${TCPVIZ_TEST_SOURCES} LIBS tcpviz_ui_logic_exc)
else()
  tcpviz_add_catch_tests(tcpviz_tests SOURCES ${TCPVIZ_TEST_SOURCES} LIBS tcpviz_ui_logic)
endif()
