package main

import (
	"fmt"
	"io"
	"path"
	"strings"
	"time"
)

// writeMarkdown writes report.md: a header, the self-check, the table of
// claims, then one section per claim with the paper's statement, the
// set-up, the numbers, the checks, the verdict, the plots and the files.
func writeMarkdown(w io.Writer, rep *checkReport, outcomes []outcome, layouts []claimLayout, now time.Time) {
	writeTo(w, "# deeptheory check\n\n")
	writeTo(w, "%s, %s. Experiments: %s, seed %d.\n\n", rep.Version, now.UTC().Format("2006-01-02 15:04 MST"),
		rep.Config.Size, rep.Config.Seed)
	sc := rep.SelfCheck
	switch {
	case sc.Skipped:
		writeTo(w, "Framework self-check against PyTorch: skipped.\n\n")
	default:
		writeTo(w, "Framework self-check against PyTorch: **%s**: %s, %s.\n\n",
			map[bool]string{true: "PASS", false: "FAIL"}[sc.Passed], sc.Ops.summary(true), sc.Trajs.summary(true))
	}
	if len(outcomes) == 0 {
		writeTo(w, "No claims to check: this build's theory package registers none (yet).\n")
		return
	}
	writeTo(w, "| claim | statement | measured | criterion | verdict | time |\n|---|---|---|---|---|---|\n")
	for _, o := range outcomes {
		measured, criterion := tableCells(o, 0)
		writeTo(w, "| [%s](#%s) | %s | %s | %s | **%s** | %s |\n", o.claim.ID, anchor(o.claim.ID),
			cell(o.claim.Statement), cell(measured), cell(criterion), o.verdict(), formatDuration(o.result.Elapsed))
	}
	writeTo(w, "\n**%s.**\n", tally(rep, nil, 0))
	for i, o := range outcomes {
		writeClaimSection(w, o, rep.Claims[i], layouts[i])
	}
}

// writeClaimSection writes the section of one claim.
func writeClaimSection(w io.Writer, o outcome, obj claimJSON, lay claimLayout) {
	r := o.result
	writeTo(w, "\n<a id=\"%s\"></a>\n\n## %s: %s\n\n", anchor(r.ID), r.ID, oneLine(r.Statement, 0))
	writeTo(w, "*Family: %s. Experiment: %s, seed %d, %s.*\n\n", r.Family, r.Config.Size, r.Config.Seed,
		formatDuration(r.Elapsed))
	if r.Setup != "" {
		writeTo(w, "**Set-up.** %s\n\n", strings.TrimSpace(r.Setup))
	}
	if r.Criterion != "" {
		writeTo(w, "**Criterion.** %s\n\n", strings.TrimSpace(r.Criterion))
	}
	if o.err != nil {
		writeTo(w, "**The experiment failed to run** (a bug): %s\n\n```\n%s```\n\n", o.err, o.stack)
	}
	if len(r.Quantities) > 0 {
		writeTo(w, "**Measured.**\n\n| quantity | value |\n|---|---|\n")
		for _, q := range r.Quantities {
			writeTo(w, "| %s | %.6g |\n", cell(q.Name), q.Value)
		}
		writeTo(w, "\n")
	}
	if len(r.Checks) > 0 {
		writeTo(w, "**Checks.**\n\n| check | measured | required | holds |\n|---|---|---|---|\n")
		for _, c := range r.Checks {
			mark := "✓"
			if !c.Holds {
				mark = "✗"
			}
			writeTo(w, "| %s | %.6g | %s %.6g | %s |\n", cell(c.Name), c.Value, c.Op, c.Bound, mark)
		}
		writeTo(w, "\n")
	}
	writeTo(w, "**Verdict: %s.**\n\n", o.verdict())
	for _, g := range lay.plots {
		alt := r.ID + ": " + g.yLabel + " against " + g.xLabel
		writeTo(w, "![%s](%s)\n\n", strings.NewReplacer("[", "(", "]", ")").Replace(alt), path.Join(r.ID, g.file+".png"))
	}
	files := []string{link(r.ID, "result.json")}
	for _, c := range obj.Curves {
		files = append(files, link(r.ID, c.File))
	}
	for _, p := range obj.Plots {
		if strings.HasSuffix(p, ".svg") {
			files = append(files, link(r.ID, p))
		}
	}
	if obj.DataFile != "" {
		var names []string
		for _, t := range obj.Data {
			names = append(names, fmt.Sprintf("%s %v", t.Name, t.Shape))
		}
		files = append(files, link(r.ID, obj.DataFile)+" ("+strings.Join(names, ", ")+")")
	}
	writeTo(w, "Files: %s.\n", strings.Join(files, ", "))
	for _, m := range obj.Models {
		writeTo(w, "\nModel **%s**, %s: `torch.nn.Sequential(%s)`\n", m.Name, link(r.ID, m.File), strings.Join(m.Layers, ", "))
	}
}

// anchor returns the HTML anchor of a claim's section.
func anchor(id string) string { return strings.ToLower(id) }

// link returns a Markdown link to file in the claim's folder.
func link(id, file string) string { return "[" + file + "](" + path.Join(id, file) + ")" }

// cell makes s fit in a Markdown table cell: one line, pipes escaped.
func cell(s string) string { return strings.ReplaceAll(oneLine(s, 0), "|", `\|`) }
