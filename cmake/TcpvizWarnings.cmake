# Warnings for the project's own code (never for third-party sources such as ImGui).
function(tcpviz_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wno-unused-parameter)
  if(TCPVIZ_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
