# Runtime options for the ASan + UBSan build (STACKBENCH_SANITIZE=ON), set on every discovered test so
# that plain `ctest` in the sanitizer build dir behaves as packaging/test.sh --sanitize does. Processes
# the tests start (the stackbench binary, the stacks) inherit them.
#
# Tests exist only after gtest discovery, at ctest time, so the options go into a script that ctest
# includes after the discovery scripts: include this file after the last gtest_discover_tests().
set(SANITIZER_ASAN_OPTIONS "detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1")
set(SANITIZER_LSAN_OPTIONS "suppressions=${CMAKE_CURRENT_LIST_DIR}/lsan.supp:print_suppressions=0")
set(SANITIZER_UBSAN_OPTIONS "print_stacktrace=1:halt_on_error=1:suppressions=${CMAKE_CURRENT_LIST_DIR}/ubsan.supp")
configure_file(${CMAKE_CURRENT_LIST_DIR}/sanitizer_env.cmake.in ${CMAKE_CURRENT_BINARY_DIR}/sanitizer_env.cmake @ONLY)
set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES ${CMAKE_CURRENT_BINARY_DIR}/sanitizer_env.cmake)
