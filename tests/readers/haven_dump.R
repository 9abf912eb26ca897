# Dumps what haven read from a .sav or .dta as JSON (see compare_exports.py for the shape):
# for each variable its name, label, kind, value labels and values, and its missing values: a .sav
# read with user_na = TRUE gives "missing" (na_values) and "missing_range" (na_range); a .dta's
# extended missing values (tagged NA) are written ".d" as values and as value-label keys. jsonlite
# is not needed.
library(haven)

json_string <- function(s) {
  if (is.na(s)) return("null")
  s <- enc2utf8(as.character(s))
  s <- gsub("\\", "\\\\", s, fixed = TRUE)
  s <- gsub("\"", "\\\"", s, fixed = TRUE)
  s <- gsub("\n", "\\n", s, fixed = TRUE)
  s <- gsub("\r", "\\r", s, fixed = TRUE)
  s <- gsub("\t", "\\t", s, fixed = TRUE)
  paste0("\"", s, "\"")
}

json_number <- function(x) if (is.na(x)) "null" else sprintf("%.17g", x)

# A number, or ".d" for Stata's extended missing value .d (haven's tagged NA).
json_tagged <- function(x) {
  tag <- if (is.double(x)) na_tag(x) else NA
  if (!is.na(tag)) json_string(paste0(".", tag)) else json_number(x)
}

dump_variable <- function(name, x) {
  label <- attr(x, "label", exact = TRUE)
  labels <- attr(x, "labels", exact = TRUE)
  if (inherits(x, "Date")) {
    kind <- "date"
    values <- vapply(x, function(v) json_string(if (is.na(v)) NA else format(v, "%Y-%m-%d")), "")
  } else if (inherits(x, "POSIXct")) {
    kind <- "datetime"
    values <- vapply(as.numeric(x), json_number, "")
  } else if (is.character(x)) {
    kind <- "string"
    values <- vapply(as.character(x), json_string, "", USE.NAMES = FALSE)
  } else {
    kind <- "number"
    values <- vapply(unclass(x), json_tagged, "", USE.NAMES = FALSE)
  }
  key <- function(v) {
    tag <- if (is.double(v)) na_tag(v) else NA
    if (!is.na(tag)) paste0(".", tag) else format(v, scientific = FALSE)
  }
  vl <- if (is.null(labels)) "{}" else
    paste0("{", paste(vapply(seq_along(labels), function(i)
      paste0(json_string(key(unname(unclass(labels)[i]))), ":", json_string(names(labels)[i])), ""),
      collapse = ","), "}")
  na_values <- attr(x, "na_values", exact = TRUE)
  na_range <- attr(x, "na_range", exact = TRUE)
  missing <- if (is.null(na_values)) "" else
    paste0(",\"missing\":[", paste(vapply(as.numeric(na_values), json_number, ""), collapse = ","), "]")
  if (!is.null(na_range))
    missing <- paste0(missing, ",\"missing_range\":[", paste(vapply(as.numeric(na_range), json_number, ""),
                                                              collapse = ","), "]")
  paste0("{\"name\":", json_string(name),
         ",\"label\":", if (is.null(label)) "null" else json_string(label),
         ",\"kind\":", json_string(kind),
         ",\"labels\":", vl, missing,
         ",\"values\":[", paste(values, collapse = ","), "]}")
}

dump_file <- function(data, out) {
  vars <- vapply(names(data), function(n) dump_variable(n, data[[n]]), "")
  con <- file(out, open = "w", encoding = "UTF-8")
  writeLines(paste0("{\"variables\":[", paste(vars, collapse = ",\n"), "]}"), con, useBytes = TRUE)
  close(con)
}
