# Usage: Rscript read_sav.R FILE.sav OUT.json: what haven's read_sav() sees, as JSON (user-missing
# values as they are, with their na_values).
args <- commandArgs(trailingOnly = TRUE)
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE)[1])), "haven_dump.R"))
dump_file(read_sav(args[1], user_na = TRUE), args[2])
