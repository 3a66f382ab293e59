# live/**/*.cpp -> tcpviz_live (native Linux only: TAP devices; never in core/).
# tests/live/*.cpp -> tcpviz_live_tests (Catch2, ctest label "live"; may need root/netns).
file(GLOB_RECURSE TCPVIZ_LIVE_SOURCES CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/live/*.cpp")
if(TCPVIZ_LIVE_SOURCES AND CMAKE_SYSTEM_NAME STREQUAL "Linux")
  add_library(tcpviz_live STATIC ${TCPVIZ_LIVE_SOURCES})
  target_link_libraries(tcpviz_live PUBLIC tcpviz_core)
  # live/session.cpp runs the desktop app's reader thread (std::thread).
  find_package(Threads REQUIRED)
  target_link_libraries(tcpviz_live PUBLIC Threads::Threads)
  tcpviz_warnings(tcpviz_live)

  file(GLOB TCPVIZ_LIVE_TEST_SOURCES CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/tests/live/*.cpp")
  if(TCPVIZ_LIVE_TEST_SOURCES AND TCPVIZ_BUILD_TESTS)
    tcpviz_add_catch_tests(tcpviz_live_tests SOURCES ${TCPVIZ_LIVE_TEST_SOURCES} LIBS tcpviz_live
                           LABELS live)
  endif()
endif()
