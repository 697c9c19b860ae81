# Packages: `cpack` in a build directory makes folio_VERSION-1_ARCH.deb and
# folio-VERSION-Linux.tar.gz from exactly what `cmake --install` installs
# (the install() rules in CMakeLists.txt).  Included from CMakeLists.txt
# after those rules; needs FOLIO_FULLY_STATIC.
#
# The .deb installs under /usr; the .tar.gz holds bin/ and share/ under one
# top directory and works wherever it is unpacked (folio finds its data
# relative to its executable, src/paths.c).

# Debian wants the license in /usr/share/doc/PACKAGE/copyright: the
# machine-readable format, with folio's MIT text and the fonts' licenses
# (their full texts are installed beside the fonts).  Installed for every
# kind of install, which costs nothing and keeps the rules one list.
file(STRINGS "${PROJECT_SOURCE_DIR}/LICENSE" folio_license_lines)
set(folio_license_body "")
foreach(line IN LISTS folio_license_lines)
  if(line STREQUAL "")
    string(APPEND folio_license_body " .\n")
  else()
    string(APPEND folio_license_body " ${line}\n")
  endif()
endforeach()
set(folio_fonts_dir "${CMAKE_INSTALL_FULL_DATADIR}/folio/fonts")
file(WRITE "${PROJECT_BINARY_DIR}/copyright"
"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: folio
Comment: The fonts' full license texts are installed with them, in
 share/folio/fonts/ (OFL.txt, LICENSE-Apache-2.0.txt, LICENSE-FontAwesome.txt)
 and described in the source tree's fonts/README.md.

Files: *
Copyright: the folio authors
License: MIT
${folio_license_body}
Files: fonts/Noto*.ttf
Copyright: 2015 Google LLC
License: OFL-1.1

Files: fonts/Lato-*.ttf
Copyright: 2010-2011 Łukasz Dziedzic
License: OFL-1.1

Files: fonts/Roboto-*.ttf
Copyright: 2015 Google Inc.
License: Apache-2.0

Files: fonts/fa-*.ttf
Copyright: 2024 Fonticons, Inc. (https://fontawesome.com)
License: OFL-1.1
Comment: Reserved Font Name \"Font Awesome\"; the icon designs are CC BY 4.0.

License: OFL-1.1
 See share/folio/fonts/OFL.txt.

License: Apache-2.0
 See share/folio/fonts/LICENSE-Apache-2.0.txt.
")
install(FILES "${PROJECT_BINARY_DIR}/copyright" DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(FOLIO_PACKAGE_MAINTAINER "folio maintainers <maintainers@users.noreply.r-seed-b01a45c3.example>"
  CACHE STRING "The .deb's Maintainer field: NAME <EMAIL>")

set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_PACKAGE_NAME folio)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "the folio authors")
set(CPACK_PACKAGE_CONTACT "${FOLIO_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "CV generator: a YAML profile to a typeset PDF or LaTeX")
set(CPACK_PACKAGE_DESCRIPTION
"folio turns a CV kept in one YAML file into a finished, typeset PDF,
directly (libharu, no TeX needed), or into a clean LaTeX file to compile
and tweak. Several layouts, bundled fonts, deterministic output, and text that
extracts exactly, in reading order, for applicant-tracking systems.")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_STRIP_FILES ON)

# .tar.gz: folio-VERSION-Linux/{bin,share}, relocatable.
set(CPACK_ARCHIVE_TGZ_FILE_NAME "folio-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}")
set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON)

# .deb: Debian's file name (folio_0.1.0-1_amd64.deb) and fields.  The
# hyphenation patterns are read at run time from a search path
# (src/typeset/hyphen.h): hyphen-en-us, English's, is a dependency of every
# build; the other languages' hyphen-* packages are suggested (a locale
# without its dictionary warns and is not hyphenated).  A fully static folio loads
# no shared library; any other build gets its library dependencies from
# dpkg-shlibdeps (package dpkg-dev).
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION text)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${FOLIO_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "hyphen-en-us")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS
  "hyphen-de, hyphen-fr, hyphen-es, hyphen-it, hyphen-pt-pt, hyphen-pt-br, hyphen-nl, hyphen-pl, hyphen-cs, hyphen-sv, hyphen-da, hyphen-no, hyphen-hu, hyphen-el, hyphen-ru, hyphen-uk, hyphen-en-gb")
if(FOLIO_FULLY_STATIC)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
else()
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
endif()
# `folio build -f tex --compile` runs xelatex, lualatex or pdflatex; the
# layouts' LaTeX uses packages from texlive-latex-extra (docs/latex.md).
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "texlive-xetex, texlive-latex-extra")

include(CPack)
