# mcs_embed(TARGET OUT FILES...): compiles FILES into a static library exposing
#   mcs::embedded::Find(std::string_view name) -> const File* (name = file name without folder)
# Regenerated at build time whenever one of the files changes.
function(mcs_embed target out)
  set(files ${ARGN})
  # A CMake list would split into several arguments on the command line: pass it joined by '|'.
  string(REPLACE ";" "|" joined "${files}")
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} "-DFILES=${joined}" -P ${CMAKE_SOURCE_DIR}/cmake/embed_gen.cmake
    DEPENDS ${files} ${CMAKE_SOURCE_DIR}/cmake/embed_gen.cmake
    COMMENT "Embedding ${target}"
    VERBATIM)
  add_library(${target} STATIC ${out})
  target_include_directories(${target} PUBLIC ${CMAKE_SOURCE_DIR}/src)
endfunction()
