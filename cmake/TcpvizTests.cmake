# tcpviz_tests: Catch2 v2 from tests/core/*.cpp plus tests/catch_main.cpp (the one main).
# Natively registered with ctest (one ctest test per TEST_CASE); in the wasm build it is
# tcpviz_tests.js, run as: node --no-experimental-fetch build/wasm/tcpviz_tests.js
# Tests open data files through TCPVIZ_SOURCE_DIR, e.g. TCPVIZ_SOURCE_DIR "/tests/golden/x.txt".

file(GLOB TCPVIZ_TEST_SOURCES CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/tests/core/*.cpp")

# The Catch2 main compiles slowly; keep it in its own object library so it builds once.
add_library(tcpviz_catch_main OBJECT "${PROJECT_SOURCE_DIR}/tests/catch_main.cpp")
target_link_libraries(tcpviz_catch_main PUBLIC tcpviz_catch2)
if(TCPVIZ_WASM)
  target_compile_options(tcpviz_catch_main PRIVATE -fexceptions)
endif()

add_executable(tcpviz_tests ${TCPVIZ_TEST_SOURCES} $<TARGET_OBJECTS:tcpviz_catch_main>)
target_link_libraries(tcpviz_tests PRIVATE tcpviz_catch2)
target_compile_definitions(tcpviz_tests PRIVATE TCPVIZ_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
tcpviz_warnings(tcpviz_tests)

if(TCPVIZ_WASM)
  target_link_libraries(tcpviz_tests PRIVATE tcpviz_core_exc)
  # NODERAWFS: the tests read the same files as the native build, straight from disk.
  target_link_options(tcpviz_tests PRIVATE -fexceptions -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1
                      -sEXIT_RUNTIME=1 -sENVIRONMENT=node)
else()
  target_link_libraries(tcpviz_tests PRIVATE tcpviz_core)
  include(CTest)
  include(Catch)
  catch_discover_tests(tcpviz_tests)
endif()
