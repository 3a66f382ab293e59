# bench/<name>.cpp -> bench_<name> (each with its own main). Optimised (-O2) natively and
# in wasm (bench_<name>.js, run with node --no-experimental-fetch). scripts/bench.sh runs them.

file(GLOB TCPVIZ_BENCH_SOURCES CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/bench/*.cpp")
foreach(src IN LISTS TCPVIZ_BENCH_SOURCES)
  get_filename_component(stem "${src}" NAME_WE)
  set(target "bench_${stem}")
  add_executable(${target} "${src}")
  target_compile_options(${target} PRIVATE -O2)
  target_compile_definitions(${target} PRIVATE TCPVIZ_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  target_link_libraries(${target} PRIVATE tcpviz_core)
  tcpviz_warnings(${target})
  if(TCPVIZ_WASM)
    target_link_options(${target} PRIVATE -O2 -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1
                        -sEXIT_RUNTIME=1 -sENVIRONMENT=node)
  endif()
endforeach()
