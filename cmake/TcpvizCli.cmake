# cli/*.cpp -> tcpviz-cli (native only).
file(GLOB TCPVIZ_CLI_SOURCES CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/cli/*.cpp")
if(TCPVIZ_CLI_SOURCES)
  add_executable(tcpviz-cli ${TCPVIZ_CLI_SOURCES})
  target_link_libraries(tcpviz-cli PRIVATE tcpviz_core)
  tcpviz_warnings(tcpviz-cli)
endif()
