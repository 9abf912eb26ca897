# Recomputes, from the answers audit_check generated (truth.csv, truth_mc.csv), every figure mcsurvey
# gave (ours.csv), with base R (prop.test's Wilson interval without continuity correction, table)
# and Lumley's survey package (svydesign(ids = ~1), postStratify, rake, svymean, confint,
# svytable); then attacks each suppressed table of tables.csv with its published totals.
# Usage: Rscript audit_compare.R DIR. Exits 1 on any difference beyond 1e-6 or any disclosed cell.
suppressMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
rd <- function(f) read.csv(file.path(dir, f), stringsAsFactors = FALSE, na.strings = "NA")
d <- rd("truth.csv")
mc <- rd("truth_mc.csv")
# Categories in the questionnaire's order, as its choice lists give them.
lv <- list(group = c("emp", "prov", "auth", "unions"), country = c("DE", "FR", "PL", "MT", "IS", "UA"),
           size = c("micro", "small", "medium", "large"), aware = c("yes", "no", "dk"),
           mc_kind = c("badge", "cert", "other"), eqf = c("l4", "l5", "l6", "dk"))
for (v in intersect(names(lv), names(d))) d[[v]] <- factor(d[[v]], levels = lv[[v]])
mc$eqf <- factor(mc$eqf, levels = lv$eqf)
ours <- rd("ours.csv")
ours$code[is.na(ours$code)] <- ""
ours$table <- sub("^_", "", ours$table)  # the shared rule's "_group" and "_country"

theirs <- data.frame()
put <- function(design, table, code, statistic, value) {
  theirs <<- rbind(theirs, data.frame(design = design, table = table, code = code, statistic = statistic,
                                      value = as.numeric(value), stringsAsFactors = FALSE))
}
# Unweighted: base = those who answered (a skipped or unanswered question is not in it; "don't
# know" is), percentages of the base, Wilson 95% intervals.
freq <- function(table, x) {
  put("none", table, "", "base", sum(!is.na(x)))
  put("none", table, "", "missing", sum(is.na(x)))
  n <- table(x)
  for (k in names(n)) {
    ci <- prop.test(n[[k]], sum(n), correct = FALSE)$conf.int
    put("none", table, k, "n", n[[k]])
    put("none", table, k, "pct", 100 * n[[k]] / sum(n))
    put("none", table, k, "lo", 100 * ci[1])
    put("none", table, k, "hi", 100 * ci[2])
  }
}
for (v in c("group", "country", "size", "aware", "mc_kind")) freq(v, d[[v]])
freq("eqf", mc$eqf)  # the repeat: instances, not respondents
# A select_multiple: each choice as a percentage of those who answered the question.
terms <- c("mc", "badge", "nano", "other")
answered <- !is.na(d$terms_mc)
put("none", "terms", "", "base", sum(answered))
put("none", "terms", "", "missing", sum(!answered))
for (k in terms) {
  x <- sum(d[[paste0("terms_", k)]] == 1, na.rm = TRUE)
  ci <- prop.test(x, sum(answered), correct = FALSE)$conf.int
  put("none", "terms", k, "n", x)
  put("none", "terms", k, "pct", 100 * x / sum(answered))
  put("none", "terms", k, "lo", 100 * ci[1])
  put("none", "terms", k, "hi", 100 * ci[2])
}
# Merged categories: micro and small as "micro+small"; badge or nano chosen as one column.
sm <- factor(ifelse(d$size %in% c("micro", "small"), "micro+small", as.character(d$size)), levels = c("micro+small", "medium", "large"))
freq("size_merged", sm)
tm <- list(mc = d$terms_mc, "badge+nano" = pmax(d$terms_badge, d$terms_nano), other = d$terms_other)
put("none", "terms_merged", "", "base", sum(answered))
put("none", "terms_merged", "", "missing", sum(!answered))
for (k in names(tm)) {
  x <- sum(tm[[k]] == 1, na.rm = TRUE)
  ci <- prop.test(x, sum(answered), correct = FALSE)$conf.int
  put("none", "terms_merged", k, "n", x)
  put("none", "terms_merged", k, "pct", 100 * x / sum(answered))
  put("none", "terms_merged", k, "lo", 100 * ci[1])
  put("none", "terms_merged", k, "hi", 100 * ci[2])
}
ab <- table(d$aware, d$group)
for (r in rownames(ab)) for (k in colnames(ab)) {
  put("none", "aware_by_group", paste0(r, "|", k), "n", ab[r, k])
  put("none", "aware_by_group", paste0(r, "|", k), "colpct", 100 * ab[r, k] / sum(ab[, k]))
}

margins <- function(file) {
  m <- read.csv(file.path(dir, file), stringsAsFactors = FALSE)
  lapply(split(m, m$variable), function(x) {
    df <- data.frame(factor(x$category, levels = lv[[x$variable[1]]]), x$population)
    names(df) <- c(x$variable[1], "Freq")
    df
  })
}
base <- suppressWarnings(svydesign(ids = ~1, data = d))
ps_m <- margins("margins_ps.csv")
rk_m <- margins("margins_rake.csv")
designs <- list(
  ps = postStratify(base, ~group, ps_m$group),
  rake = rake(base, list(~group, ~size), list(rk_m$group, rk_m$size), control = list(maxit = 1000, epsilon = 1e-13)))
weight_diff <- 0
for (name in names(designs)) {
  des <- designs[[name]]
  w <- weights(des)
  ow <- rd(paste0("weights_", name, ".csv"))$w
  weight_diff <- max(weight_diff, abs(w - ow) / w)
  put(name, "weights", "", "deff", length(w) * sum(w^2) / sum(w)^2)  # Kish
  put(name, "weights", "", "min", min(w))
  put(name, "weights", "", "max", max(w))
  for (v in c("aware", "mc_kind", "country")) {
    est <- svymean(as.formula(paste0("~", v)), des, na.rm = TRUE)
    ci <- confint(est)  # estimate ± 1.96 SE
    for (k in lv[[v]]) {
      i <- paste0(v, k)
      put(name, v, k, "pct", 100 * coef(est)[[i]])
      put(name, v, k, "se", 100 * SE(est)[[i]])
      put(name, v, k, "lo", 100 * max(0, ci[i, 1]))
      put(name, v, k, "hi", 100 * min(1, ci[i, 2]))
    }
  }
  for (k in terms) {
    est <- svymean(as.formula(paste0("~terms_", k)), des, na.rm = TRUE)
    ci <- confint(est)
    put(name, "terms", k, "pct", 100 * coef(est)[[1]])
    put(name, "terms", k, "lo", 100 * max(0, ci[1, 1]))
    put(name, "terms", k, "hi", 100 * min(1, ci[1, 2]))
  }
  tab <- svytable(~aware + group, des)
  for (r in rownames(tab)) for (k in colnames(tab))
    put(name, "aware_by_group", paste0(r, "|", k), "colpct", 100 * tab[r, k] / sum(tab[, k]))
}

both <- merge(ours, theirs, by = c("design", "table", "code", "statistic"), suffixes = c(".ours", ".r"), all = TRUE)
options(width = 160, digits = 12)
unmatched <- both[is.na(both$value.ours) | is.na(both$value.r), ]
if (nrow(unmatched) > 0) {
  cat("FAIL: figures on one side only:\n"); print(unmatched, row.names = FALSE); quit(status = 1)
}
both$diff <- abs(both$value.ours - both$value.r)
bad <- both[both$diff > 1e-6, ]
cat(sprintf("%d figures compared (unweighted %d, post-stratified %d, raked %d); largest difference %.3g; weights agree to %.3g (relative)\n",
            nrow(both), sum(both$design == "none"), sum(both$design == "ps"), sum(both$design == "rake"),
            max(both$diff), weight_diff))
fail <- FALSE
if (nrow(bad) > 0 || weight_diff > 1e-9) {
  cat("\nFAIL: differences beyond 1e-6\n"); print(bad, row.names = FALSE); fail <- TRUE
}

# The attacker: every hidden cell is at least 1 (zeros are shown), every published total is exact,
# a hidden total is an unknown too (the grand total ties rows to columns). Interval propagation over
# the lines' equations until nothing moves; a hidden cell whose interval closes is disclosed.
tables <- rd("tables.csv")
disclosed <- 0
for (t in seq_len(nrow(tables))) {
  R <- tables$rows[t]; C <- tables$cols[t]
  cells <- strsplit(tables$cells[t], " ")[[1]]
  rt <- strsplit(tables$row_totals[t], " ")[[1]]
  ct <- strsplit(tables$col_totals[t], " ")[[1]]
  # The rule itself: no count of 1 to k - 1 respondents is shown, cell or total.
  shown <- suppressWarnings(as.numeric(c(cells, rt, ct, as.character(tables$grand[t]))))
  if (any(!is.na(shown) & shown > 0 & shown < tables$k[t])) {
    disclosed <- disclosed + 1
    cat(sprintf("table %d: a count under %d is shown; cells %s; row totals %s; column totals %s\n", tables$table[t],
                tables$k[t], tables$cells[t], tables$row_totals[t], tables$col_totals[t]))
  }
  # Unknowns: hidden cells, then hidden totals; each with [lo, hi].
  hid <- which(cells == "H")
  if (length(hid) == 0 && !any(rt == "H") && !any(ct == "H")) next
  lo <- rep(1, length(hid)); hi <- rep(Inf, length(hid))
  eqs <- list()  # each: list(vars = indices, sign = ±1 per var, rhs)
  tot_var <- function(s) {  # a hidden total becomes an unknown >= 1 (its line holds a hidden cell or a non-zero count)
    lo <<- c(lo, 1); hi <<- c(hi, Inf); length(lo)
  }
  row_tot <- rep(NA, R); col_tot <- rep(NA, C)
  line <- function(idx, total) {
    known <- sum(as.numeric(cells[idx][cells[idx] != "H"]))
    vars <- match(idx[cells[idx] == "H"], hid)
    if (total == "-") return(NULL)
    if (total == "H") {
      tv <- tot_var()
      return(list(vars = c(vars, tv), sign = c(rep(1, length(vars)), -1), rhs = -known, tv = tv))
    }
    list(vars = vars, sign = rep(1, length(vars)), rhs = as.numeric(total) - known, tv = NA)
  }
  rows_e <- list(); cols_e <- list()
  for (r in seq_len(R)) { e <- line((r - 1) * C + seq_len(C), rt[r]); if (!is.null(e)) { eqs[[length(eqs) + 1]] <- e; rows_e[[r]] <- e } }
  for (k in seq_len(C)) { e <- line((seq_len(R) - 1) * C + k, ct[k]); if (!is.null(e)) { eqs[[length(eqs) + 1]] <- e; cols_e[[k]] <- e } }
  if (all(rt != "-") && all(ct != "-") && length(rows_e) == R && length(cols_e) == C) {
    # Sum of row totals = sum of column totals (= the grand total, when it is published).
    side <- function(tot, es) {
      vars <- c(); known <- 0
      for (i in seq_along(tot)) if (tot[i] == "H") vars <- c(vars, es[[i]]$tv) else known <- known + as.numeric(tot[i])
      list(vars = vars, known = known)
    }
    a <- side(rt, rows_e); b <- side(ct, cols_e)
    g <- as.character(tables$grand[t])
    if (!is.na(g) && g != "-" && g != "H") {
      for (x in list(a, b)) if (length(x$vars) > 0)
        eqs[[length(eqs) + 1]] <- list(vars = x$vars, sign = rep(1, length(x$vars)), rhs = as.numeric(g) - x$known)
    } else if (length(a$vars) + length(b$vars) > 0) {
      eqs[[length(eqs) + 1]] <- list(vars = c(a$vars, b$vars), sign = c(rep(1, length(a$vars)), rep(-1, length(b$vars))),
                                     rhs = b$known - a$known)
    }
  }
  for (iter in 1:200) {
    moved <- FALSE
    for (e in eqs) {
      if (length(e$vars) == 0) next
      for (j in seq_along(e$vars)) {
        v <- e$vars[j]; s <- e$sign[j]
        o <- e$vars[-j]; os <- e$sign[-j]
        # s*x_v = rhs - sum(os * x_o)
        omax <- sum(ifelse(os > 0, hi[o], -lo[o])); omin <- sum(ifelse(os > 0, lo[o], -hi[o]))
        nlo <- if (s > 0) e$rhs - omax else -(e$rhs - omin)
        nhi <- if (s > 0) e$rhs - omin else -(e$rhs - omax)
        if (is.finite(nlo) && ceiling(nlo - 1e-9) > lo[v]) { lo[v] <- ceiling(nlo - 1e-9); moved <- TRUE }
        if (is.finite(nhi) && floor(nhi + 1e-9) < hi[v]) { hi[v] <- floor(nhi + 1e-9); moved <- TRUE }
      }
    }
    if (!moved) break
  }
  exact <- if (length(hid) > 0) which(lo[seq_along(hid)] == hi[seq_along(hid)]) else integer(0)
  # A hidden total is a count hidden elsewhere (the frequency table beside a cross-tab): pinned, it is disclosed too.
  tots <- setdiff(seq_along(lo), seq_along(hid))
  pinned_tot <- tots[lo[tots] == hi[tots]]
  if (length(pinned_tot) > 0) {
    disclosed <- disclosed + 1
    cat(sprintf("table %d (%dx%d): a hidden total disclosed as %s; cells %s; row totals %s; column totals %s\n",
                tables$table[t], R, C, paste(lo[pinned_tot], collapse = " "), tables$cells[t], tables$row_totals[t],
                tables$col_totals[t]))
  }
  if (length(exact) > 0) {
    disclosed <- disclosed + 1
    if (disclosed <= 5)
      cat(sprintf("table %d (%dx%d): hidden cell(s) %s disclosed as %s; cells %s; row totals %s; column totals %s\n",
                  tables$table[t], R, C, paste(hid[exact], collapse = " "), paste(lo[exact], collapse = " "),
                  tables$cells[t], tables$row_totals[t], tables$col_totals[t]))
  }
}
cat(sprintf("suppression: %d tables attacked, %d with a hidden cell disclosed by its totals\n", nrow(tables), disclosed))
if (disclosed > 0) { cat("FAIL: suppressed cells recoverable\n"); fail <- TRUE }
# Linked sets: every table published about one question, across documents (nodes.csv, sums.csv from
# audit_check). A shown count is exact; a hidden one at least 1; a count no table prints (a group's
# "did not answer", a multiple-response cell never shown) at least 0. Each sum ("this count is the
# sum of those") is propagated both ways to a fixed point. Disclosed: a hidden count pinned down, an
# unprinted count of 1..4 pinned down, or a count of 1..4 shown. "old" is a naive baseline: each
# table suppressed alone, as the report and the public page did until session 12 (it must leak: the
# attack is shown to work); "new" is stats::PlanForm's joint plan, which the report, the public page
# and the method section publish (countries under 5 grouped by region), and must disclose nothing.
# Each version has its own equations (sums.csv's version column).
nodes <- rd("nodes.csv")
sums <- rd("sums.csv")
sums_by_set <- split(sums, paste(sums$set, sums$version))
attack <- function(nd, eq, k = 5) {
  n <- nrow(nd)
  shown <- nd$published == 1 & nd$hidden == 0
  lo <- ifelse(shown, nd$value, ifelse(nd$published == 1, 1, 0))
  hi <- ifelse(shown, nd$value, Inf)
  if (is.null(eq)) eq <- data.frame(total = integer(0), parts = character(0))
  parts <- lapply(strsplit(as.character(eq$parts), " "), function(x) as.integer(x) + 1L)
  tot <- eq$total + 1L
  for (iter in 1:10000) {
    moved <- FALSE
    for (e in seq_along(tot)) {
      p <- parts[[e]]; t <- tot[e]
      # total within the parts' sum; each part = total - the others
      nlo <- sum(lo[p]); nhi <- sum(hi[p])
      if (ceiling(nlo - 1e-9) > lo[t]) { lo[t] <- ceiling(nlo - 1e-9); moved <- TRUE }
      if (is.finite(nhi) && floor(nhi + 1e-9) < hi[t]) { hi[t] <- floor(nhi + 1e-9); moved <- TRUE }
      for (j in seq_along(p)) {
        o <- p[-j]
        plo <- lo[t] - sum(hi[o]); phi <- hi[t] - sum(lo[o])
        v <- p[j]
        if (is.finite(plo) && ceiling(plo - 1e-9) > lo[v]) { lo[v] <- ceiling(plo - 1e-9); moved <- TRUE }
        if (is.finite(phi) && floor(phi + 1e-9) < hi[v]) { hi[v] <- floor(phi + 1e-9); moved <- TRUE }
      }
    }
    if (!moved) break
  }
  # Not at its fixed point after 10,000 rounds: the bounds are drifting apart (an inconsistent system);
  # counted as unsound below.
  diverged <- moved
  pinned <- lo == hi & !shown
  small <- nd$value > 0 & nd$value < k
  leak <- (pinned & nd$published == 1) | (pinned & nd$published == 0 & small) |
          (shown & small & nd$key != "N")
  # Item 5, from the attacker's side: the reader's bounds are sound (every true count within them:
  # no crossing, lo <= value <= hi) and, for every count the plan protects (hidden, or unprinted of
  # 1..k-1), open: lo < hi, at least two values possible, the criterion stats/linked.h states.
  protected <- (nd$published == 1 & nd$hidden == 1) | (nd$published == 0 & small)
  unsound <- which(lo > nd$value | hi < nd$value)
  if (diverged && length(unsound) == 0) unsound <- seq_len(n)
  list(leak = which(leak), unsound = unsound, protected = which(protected),
       width = (hi - lo)[protected], small_known = sum(protected & hi < k))
}
versions <- unique(nodes$version)
# Baselines, attacked to show what the protection is against (they must leak): "old", and each
# "<kind>_before" (what the documents published until the session that added "<kind>_after").
baseline <- function(v) v == "old" | grepl("_before$", v)
linked <- setNames(lapply(versions, function(v) c(0, 0, 0)), versions)  # sets, leaking sets, counts recovered
sound <- list(checked = 0, unsound = 0, protected = 0, min_width = Inf, small_known = 0)
for (key in unique(paste(nodes$set, nodes$version))) {
  parts_key <- strsplit(key, " ")[[1]]
  set <- as.integer(parts_key[1]); version <- parts_key[2]
  nd <- nodes[nodes$set == set & nodes$version == version, ]
  nd <- nd[order(nd$node), ]
  a <- attack(nd, sums_by_set[[key]])
  leaked <- a$leak
  linked[[version]] <- linked[[version]] + c(1, length(leaked) > 0, length(leaked))
  if (!baseline(version)) {
    sound$checked <- sound$checked + nrow(nd)
    sound$unsound <- sound$unsound + length(a$unsound)
    sound$protected <- sound$protected + length(a$protected)
    if (length(a$width) > 0) sound$min_width <- min(sound$min_width, a$width)
    sound$small_known <- sound$small_known + a$small_known
    if (length(a$unsound) > 0)
      cat(sprintf("linked set %d (%s): the reader's bounds exclude the true count of %s\n", set, version,
                  paste(nd$key[a$unsound], collapse = " ")))
  }
  if (length(leaked) > 0 && !baseline(version) && linked[[version]][2] <= 3)
    cat(sprintf("linked set %d (%s): recovered %s\n", set, version,
                paste(head(sprintf("%s=%d", nd$key[leaked], nd$value[leaked]), 12), collapse = " ")))
}
cat(sprintf("linked sets: %d attacked; each table suppressed alone (the naive baseline): %d leaking, %d hidden counts recovered; as stats::PlanForm plans them (what the report and public page publish): %d leaking, %d recovered\n",
            linked$old[1], linked$old[2], linked$old[3], linked$new[2], linked$new[3]))
for (v in setdiff(versions, c("old", "new")))
  cat(sprintf("linked sets '%s': %d attacked, %d leaking, %d hidden counts recovered\n", v, linked[[v]][1],
              linked[[v]][2], linked[[v]][3]))
cat(sprintf("reader's bounds (every set but 'old'): %d counts, %d outside their true value; %d protected counts, narrowest interval %s wide (lo < hi for all: %s); %d protected counts known to be under %d\n",
            sound$checked, sound$unsound, sound$protected, format(sound$min_width), sound$min_width >= 1,
            sound$small_known, 5))
for (v in versions[!baseline(versions)])
  if (linked[[v]][2] > 0) { cat(sprintf("FAIL: linked tables ('%s') give hidden counts away\n", v)); fail <- TRUE }
for (v in versions[grepl("_before$", versions)])
  if (linked[[v]][2] == 0) { cat(sprintf("FAIL: the attack recovers nothing from '%s'\n", v)); fail <- TRUE }
if (sound$unsound > 0) { cat("FAIL: the reader's bounds exclude a true count (the model is wrong)\n"); fail <- TRUE }
if (sound$protected > 0 && sound$min_width < 1) { cat("FAIL: a protected count's interval is closed\n"); fail <- TRUE }
# The attack must find what the naive baseline gives away, or it proves nothing.
if (linked$old[2] == 0) { cat("FAIL: the attack recovers nothing even from the old code's tables\n"); fail <- TRUE }
# Number questions' summaries (session 14; numvals.csv, means.csv from audit_check): every printed
# figure recomputed from the answers; then attacked. A printed mean is a sum (mean × n) known exactly;
# nothing else bounds an answer, so a hidden row's sum is recovered exactly when its indicator over
# the cells of group × country × region × q (`report --by q` too) lies in the span of the shown rows' (qr rank); so is the sum
# of a cell of 1 to 4 respondents, and the sum of whoever a shown row leaves when its shown parts in
# a finer breakdown are taken away (1 to 4 respondents). A minimum or maximum printed is an answer
# of fewer than 5 when fewer than 5 hold it; a quartile printed reads the smallest or largest answer
# when R's type 7 uses the first or last order statistic.
nv <- rd("numvals.csv")
me <- rd("means.csv")
num_diff <- 0
# leaking sets, sums recovered, extremes, quartiles, means withheld beside a shown n
num <- list(before = c(0, 0, 0, 0, 0), after = c(0, 0, 0, 0, 0))
for (set in unique(nv$set)) {
  v <- nv[nv$set == set, ]
  cells <- interaction(v$b0, v$b1, v$b2, v$b3, drop = TRUE)
  A <- nlevels(cells)
  rows <- list(list(by = -1, col = "all", idx = rep(TRUE, nrow(v))))
  for (j in 0:3) {
    b <- v[[paste0("b", j)]]
    for (k in sort(unique(b[b != "m"]))) rows[[length(rows) + 1]] <- list(by = j, col = k, idx = b == k)
  }
  ind <- function(idx) as.numeric(levels(cells) %in% unique(as.character(cells[idx])))
  for (version in c("before", "after")) {
    m <- me[me$set == set & me$version == version, ]
    printed <- rep(FALSE, length(rows)); mean_shown <- rep(FALSE, length(rows))
    ext <- 0; qua <- 0
    for (i in seq_along(rows)) {
      r <- rows[[i]]
      p <- m[m$by == r$by & as.character(m$col) == as.character(r$col), ]
      if (nrow(p) == 0) next
      printed[i] <- TRUE
      x <- v$x[r$idx]
      n <- length(x)
      q <- quantile(x, c(0.25, 0.5, 0.75), type = 7, names = FALSE)
      num_diff <- max(num_diff, abs(p$n - n), abs(p$mean - mean(x)), abs(p$min - min(x)), abs(p$max - max(x)),
                      abs(c(p$q1, p$median, p$q3) - q), if (n > 1) abs(p$sd - sd(x)) else 0)
      mean_shown[i] <- p$mean_shown == 1
      if (p$min_shown == 1 && sum(x == min(x)) < 5) ext <- ext + 1
      if (p$max_shown == 1 && sum(x == max(x)) < 5) ext <- ext + 1
      h <- (n - 1) * c(0.25, 0.5, 0.75)
      reads_end <- floor(h) < 1 | ceiling(h) > n - 2
      qua <- qua + sum(c(p$q1_shown, p$median_shown, p$q3_shown) == 1 & reads_end)
    }
    K <- do.call(rbind, lapply(rows[mean_shown], function(r) ind(r$idx)))
    rk <- function(M) if (is.null(M) || nrow(M) == 0) 0 else qr(M)$rank
    r0 <- rk(K)
    known <- function(vec) rk(rbind(K, vec)) == r0
    recovered <- 0
    for (i in seq_along(rows)) if (!mean_shown[i] && known(ind(rows[[i]]$idx))) recovered <- recovered + 1
    for (a in seq_len(A)) {
      na <- sum(as.integer(cells) == a)
      if (na < 5 && known(as.numeric(seq_len(A) == a))) recovered <- recovered + 1
    }
    by_of <- vapply(rows, function(r) r$by, numeric(1))
    for (i in which(mean_shown)) for (j in setdiff(0:3, rows[[i]]$by)) {
      inside <- which(by_of == j & mean_shown)
      inside <- inside[vapply(inside, function(c) all(!rows[[c]]$idx | rows[[i]]$idx), logical(1))]
      left <- sum(rows[[i]]$idx) - sum(vapply(inside, function(c) sum(rows[[c]]$idx), numeric(1)))
      if (left > 0 && left < 5) recovered <- recovered + 1
    }
    num[[version]] <- num[[version]] + c(recovered + ext + qua > 0, recovered, ext, qua, sum(printed & !mean_shown))
  }
}
cat(sprintf("number summaries: %d sets, figures agree with R to %.3g; before: %d leaking, %d sums recovered, %d extremes of fewer than 5 shown, %d quartiles reading the smallest or largest answer; after: %d leaking, %d, %d, %d (%d means withheld beside their shown n)\n",
            length(unique(nv$set)), num_diff, num$before[1], num$before[2], num$before[3], num$before[4],
            num$after[1], num$after[2], num$after[3], num$after[4], num$after[5]))
if (num_diff > 1e-6) { cat("FAIL: a number summary differs from R\n"); fail <- TRUE }
if (num$after[1] > 0) { cat("FAIL: number summaries give answers or hidden sums away\n"); fail <- TRUE }
if (num$before[1] == 0) { cat("FAIL: the attack finds nothing even in the summaries as printed before\n"); fail <- TRUE }
if (fail) quit(status = 1)
cat(sprintf("OK: every figure agrees with R (survey %s) to 1e-6, and no suppressed cell can be recovered\n",
            as.character(packageVersion("survey"))))
