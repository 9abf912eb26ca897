# Checks mcsurvey's estimates and standard errors (ours.csv, written by stats_r_check) against R's
# survey package on the same data: svydesign(ids = ~1), postStratify, rake; svymean / svytotal.
# Usage: Rscript survey_compare.R DIR. Exits 1 when any value differs by more than 1e-6.
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
d <- read.csv(file.path(dir, "data.csv"), stringsAsFactors = FALSE, na.strings = "NA")
d$g <- factor(d$g); d$h <- factor(d$h); d$q <- factor(d$q, levels = c("x", "y", "z"))
ours <- read.csv(file.path(dir, "ours.csv"), stringsAsFactors = FALSE)

margins <- function(file) {
  m <- read.csv(file.path(dir, file), stringsAsFactors = FALSE)
  lapply(split(m, m$variable), function(x) {
    df <- data.frame(x$category, x$population)
    names(df) <- c(x$variable[1], "Freq")
    df
  })
}

base <- suppressWarnings(svydesign(ids = ~1, data = d))
ps_m <- margins("margins_ps.csv")
rk_m <- margins("margins_rake.csv")
designs <- list(
  none = base,
  ps = postStratify(base, ~g, ps_m$g),
  # rake's default stops when cell totals move by less than 1; ask for convergence, as mcsurvey does.
  rake = rake(base, list(~g, ~h), list(rk_m$g, rk_m$h), control = list(maxit = 1000, epsilon = 1e-13))
)

theirs <- NULL
for (name in names(designs)) {
  des <- designs[[name]]
  add <- function(stat, est) {
    theirs <<- rbind(theirs, data.frame(design = name, statistic = stat, estimate = as.numeric(coef(est))[1],
                                        se = as.numeric(SE(est))[1]))
  }
  add("mean_y", svymean(~y, des))
  add("total_y", svytotal(~y, des))
  pq <- svymean(~q, des, na.rm = TRUE)
  for (k in c("x", "y", "z")) {
    i <- which(names(coef(pq)) == paste0("q", k))
    theirs <- rbind(theirs, data.frame(design = name, statistic = paste0("prop_q_", k),
                                       estimate = coef(pq)[i], se = SE(pq)[i]))
  }
  add("mean_y_in_a", svymean(~y, subset(des, g == "a")))
}

both <- merge(ours, theirs, by = c("design", "statistic"), suffixes = c(".ours", ".r"))
if (nrow(both) != nrow(ours) || nrow(both) != nrow(theirs)) {
  cat("statistics do not match up:\n"); print(ours); print(theirs); quit(status = 1)
}
both$d_est <- abs(both$estimate.ours - both$estimate.r)
both$d_se <- abs(both$se.ours - both$se.r)
options(width = 160, digits = 12)
print(both[, c("design", "statistic", "estimate.r", "se.r", "d_est", "d_se")], row.names = FALSE)
bad <- both[both$d_est > 1e-6 | both$d_se > 1e-6, ]
if (nrow(bad) > 0) {
  cat("\nFAIL: differences beyond 1e-6\n"); print(bad, row.names = FALSE); quit(status = 1)
}
cat(sprintf("\nOK: %d estimates and standard errors agree with R's survey %s to 1e-6 (largest difference %.3g)\n",
            nrow(both), as.character(packageVersion("survey")), max(c(both$d_est, both$d_se))))
