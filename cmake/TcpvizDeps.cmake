# Header-only third-party code: nlohmann/json (core) and Catch2 v2 (tests), both from Debian.
#
# em++ must never see host include directories (-I/usr/include breaks the wasm build), so
# the wasm build copies the headers it needs into <build>/sysdeps and includes from there.

set(TCPVIZ_SYSDEPS_DIR "${CMAKE_BINARY_DIR}/sysdeps")

# Copy a host header directory (or file) into sysdeps/ once; re-copied when the host's changes.
function(tcpviz_copy_sysdep src dest_name)
  set(dest "${TCPVIZ_SYSDEPS_DIR}/${dest_name}")
  if(NOT EXISTS "${src}")
    message(FATAL_ERROR "tcpviz: ${src} is missing (run scripts/deps.sh)")
  endif()
  if(IS_DIRECTORY "${src}")
    file(COPY "${src}/" DESTINATION "${dest}")
  else()
    get_filename_component(dest_dir "${dest}" DIRECTORY)
    file(COPY "${src}" DESTINATION "${dest_dir}")
  endif()
endfunction()

if(TCPVIZ_WASM)
  tcpviz_copy_sysdep(/usr/include/nlohmann nlohmann)
  add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
  set_target_properties(nlohmann_json::nlohmann_json PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${TCPVIZ_SYSDEPS_DIR}")
else()
  find_package(nlohmann_json 3 REQUIRED)
endif()

# Catch2 v2 single header: include as <catch2/catch.hpp>.
if(TCPVIZ_WASM)
  tcpviz_copy_sysdep(/usr/include/catch2/catch.hpp catch2/catch.hpp)
  add_library(tcpviz_catch2 INTERFACE)
  target_include_directories(tcpviz_catch2 INTERFACE "${TCPVIZ_SYSDEPS_DIR}")
elseif(NOT TCPVIZ_FUZZ)
  find_package(Catch2 2 REQUIRED)
  add_library(tcpviz_catch2 INTERFACE)
  target_link_libraries(tcpviz_catch2 INTERFACE Catch2::Catch2)
endif()
