# Copies the committed static files of public/ (pages, scripts, styles) into another web
# output folder, leaving the build outputs (tcpviz.js, tcpviz.wasm, tcpviz.html) alone.
# cmake -DSRC=<public> -DDST=<out> -P copy_public_static.cmake
file(GLOB _static LIST_DIRECTORIES false "${SRC}/*")
foreach(_f IN LISTS _static)
  get_filename_component(_name "${_f}" NAME)
  if(NOT _name MATCHES "^tcpviz\\.(js|wasm|html)$")
    file(COPY "${_f}" DESTINATION "${DST}")
  endif()
endforeach()
