# tcpviz_core: every core/**/*.cpp. Includes are relative to the repository root
# ("core/wire/seq.hpp"). The core never throws; the web build compiles it with
# -fno-exceptions and JSON_NOEXCEPTION, which turns any `throw`/`try` into a build error.

file(GLOB_RECURSE TCPVIZ_CORE_SOURCES CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/core/*.cpp")
if(NOT TCPVIZ_CORE_SOURCES)
  # No core sources yet: a static library needs at least one file.
  set(_empty "${CMAKE_BINARY_DIR}/generated/tcpviz_core_empty.cpp")
  file(WRITE "${_empty}" "// core/ has no .cpp files yet\nnamespace tcpviz { }\n")
  set(TCPVIZ_CORE_SOURCES "${_empty}")
endif()

# tcpviz_add_core(<name> EXCEPTIONS|NO_EXCEPTIONS [OPTIONS <compile options...>])
function(tcpviz_add_core name mode)
  cmake_parse_arguments(ARG "" "" "OPTIONS" ${ARGN})
  add_library(${name} STATIC ${TCPVIZ_CORE_SOURCES})
  target_include_directories(${name} PUBLIC "${PROJECT_SOURCE_DIR}")
  target_compile_features(${name} PUBLIC cxx_std_20)
  target_compile_definitions(${name} PUBLIC TCPVIZ_VERSION_STRING="${PROJECT_VERSION}")
  target_link_libraries(${name} PUBLIC nlohmann_json::nlohmann_json)
  if(mode STREQUAL "NO_EXCEPTIONS")
    target_compile_definitions(${name} PUBLIC JSON_NOEXCEPTION)
    target_compile_options(${name} PUBLIC -fno-exceptions)
  elseif(TCPVIZ_WASM)
    target_compile_options(${name} PUBLIC -fexceptions)
    target_link_options(${name} PUBLIC -fexceptions)
  endif()
  if(ARG_OPTIONS)
    target_compile_options(${name} PRIVATE ${ARG_OPTIONS})
  endif()
  tcpviz_warnings(${name})
endfunction()

if(TCPVIZ_FUZZ)
  # Instrumented for libFuzzer; the fuzz targets themselves link the fuzzer main.
  tcpviz_add_core(tcpviz_core EXCEPTIONS)
  target_compile_options(tcpviz_core PUBLIC -g -fsanitize=fuzzer-no-link,address,undefined
                         -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(tcpviz_core PUBLIC -fsanitize=address,undefined)
elseif(TCPVIZ_WASM)
  # The web app's core: small and exception-free. em++ 3.1.6 adds -fno-inline-functions at -Os;
  # -finline-functions after it would make the simulator ~3x faster under node (bench_core,
  # 2026-11-21: 56k -> 149k..177k lifecycles/s) but tcpviz.wasm 20.7 KB bigger in gzip
  # (501,660 -> 522,348 B), and -O2 costs 29.7 KB. Every visitor pays the download, while a
  # lesson simulates in ~20 us either way, so the page keeps -Os.
  tcpviz_add_core(tcpviz_core NO_EXCEPTIONS OPTIONS -Os)
  # The tests' core: same sources with exceptions on, for Catch2.
  tcpviz_add_core(tcpviz_core_exc EXCEPTIONS)
else()
  tcpviz_add_core(tcpviz_core EXCEPTIONS)
endif()
