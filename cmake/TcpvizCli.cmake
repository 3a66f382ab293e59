# cli/*.cpp -> tcpviz-cli (native only).
file(GLOB TCPVIZ_CLI_SOURCES CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/cli/*.cpp")
if(TCPVIZ_CLI_SOURCES)
  add_executable(tcpviz-cli ${TCPVIZ_CLI_SOURCES})
  target_link_libraries(tcpviz-cli PRIVATE tcpviz_core)
  if(TARGET tcpviz_live)
    # cli/main.cpp reaches `live` through a weak declaration, which does not pull an object
    # out of a static library: take the whole archive so `tcpviz-cli live` is really there.
    target_link_libraries(tcpviz-cli PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,tcpviz_live>"
                          tcpviz_core)
  endif()
  tcpviz_warnings(tcpviz-cli)
endif()
