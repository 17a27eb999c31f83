# CPack: a Debian package of the installed tree (`bash packaging/deb.sh`) and a source tarball
# (`cpack --config build-deb/CPackSourceConfig.cmake`). Included from the top-level CMakeLists.txt.
set(CPACK_PACKAGE_NAME stackbench)
set(CPACK_PACKAGE_VENDOR "Stackbench")
set(CPACK_PACKAGE_CONTACT "Stackbench developers <stackbench@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "workbench for benchmarking HTTP APIs and Python web frameworks")
# Lines of at most 80 characters, as Debian wants them (lintian: extended-description-line-too-long).
set(CPACK_PACKAGE_DESCRIPTION
    "Stackbench drives HTTP load with k6's executors, reproduces the study\n\
“Benchmarking the performance of Python web frameworks” on five Python\n\
stacks, and explains why each number varies: per-worker load, other\n\
processes' CPU, I/O stalls. Studies repeat until the answer is clear, with\n\
exact pooled percentiles and significance between stacks; sweeps give\n\
scalability curves; reports are self-contained HTML.")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_INSTALL_DIRECTORY stackbench)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/stackbench/stackbench")
# The libraries the binary links, from dpkg-shlibdeps; the stacks need Python 3.11 with venv and pip.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python3 (>= 3.11), python3-venv, python3-pip")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "chromium")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_PACKAGE_FILE_NAME stackbench-${PROJECT_VERSION})
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/\\\\.venv[^/]*/" "/results/" "__pycache__" "\\\\.pyc$")
include(CPack)
