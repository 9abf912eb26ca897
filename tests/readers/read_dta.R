# Usage: Rscript read_dta.R FILE.dta OUT.json: what haven's read_dta() sees, as JSON.
args <- commandArgs(trailingOnly = TRUE)
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE)[1])), "haven_dump.R"))
dump_file(read_dta(args[1]), args[2])
