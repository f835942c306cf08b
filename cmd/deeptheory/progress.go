package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progress tells the user on stderr how far a long command is: which task
// (a claim, the self-check), step of total, the time spent and the time
// left. On a terminal it redraws one live line in place (at most ten
// times a second); otherwise, for logs and pipes, it writes a plain line
// when another tenth of the task is done, at most one a second.
type progress struct {
	w    io.Writer
	live bool
	now  func() time.Time

	label    string    // the current task
	start    time.Time // when it began
	drawn    time.Time // when the last line was drawn
	tenths   int       // plain mode: tenths of the task already reported
	lineOpen bool      // live mode: a live line is on screen
}

// plainEvery is the least time between two plain progress lines.
const plainEvery = time.Second

// newProgress returns the progress writer of a: live lines if w is a
// terminal, plain lines otherwise.
func (a *app) newProgress(w io.Writer) *progress {
	return &progress{w: w, live: a.isTerminal(w), now: a.now}
}

// begin starts a task called label.
func (p *progress) begin(label string) {
	p.label, p.start, p.tenths = label, p.now(), 0
	p.drawn = time.Time{}
	if !p.live {
		p.drawn = p.start
		fmt.Fprintf(p.w, "%s: started\n", label)
	}
}

// step reports that the current task has done step of total steps. Its
// signature fits theory.Progress (the claim id is ignored: begin named the
// task).
func (p *progress) step(_ string, step, total int) { p.stepDetail(step, total, "") }

// stepDetail reports step of total with more to say (e.g. the loss); on a
// terminal it then also draws a bar.
func (p *progress) stepDetail(step, total int, detail string) {
	if total < 1 {
		return
	}
	step = min(max(step, 0), total)
	now := p.now()
	elapsed := now.Sub(p.start)
	eta := "?"
	if step > 0 {
		eta = formatDuration(time.Duration(float64(elapsed) * float64(total-step) / float64(step)))
	}
	line := fmt.Sprintf("%s: %d/%d (%d%%)  elapsed %s  ETA %s",
		p.label, step, total, 100*step/total, formatDuration(elapsed), eta)
	if detail != "" {
		line = fmt.Sprintf("%s: %d/%d  %s  elapsed %s  ETA %s",
			p.label, step, total, detail, formatDuration(elapsed), eta)
		if p.live {
			line = fmt.Sprintf("%s %s %d/%d  %s  ETA %s", p.label, bar(step, total, 20), step, total, detail, eta)
		}
	}
	if p.live {
		if step < total && !p.drawn.IsZero() && now.Sub(p.drawn) < 100*time.Millisecond {
			return
		}
		p.drawn = now
		fmt.Fprintf(p.w, "\r\x1b[K%s", line)
		p.lineOpen = true
		return
	}
	if tenths := 10 * step / total; tenths > p.tenths && step < total && now.Sub(p.drawn) >= plainEvery {
		p.tenths, p.drawn = tenths, now
		fmt.Fprintln(p.w, line)
	}
}

// end finishes the current task with a permanent line: the label, the
// outcome and the time it took.
func (p *progress) end(outcome string) {
	p.clear()
	fmt.Fprintf(p.w, "%s: %s in %s\n", p.label, outcome, formatDuration(p.now().Sub(p.start)))
}

// clear erases the live line, if one is on screen.
func (p *progress) clear() {
	if p.lineOpen {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.lineOpen = false
	}
}

// bar draws a progress bar width characters wide: "[=======>      ]".
func bar(step, total, width int) string {
	done := width * step / total
	b := strings.Repeat("=", done)
	if done < width {
		b += ">" + strings.Repeat(" ", width-done-1)
	}
	return "[" + b + "]"
}

// formatDuration prints d the way people read times: "0.42s", "7.3s",
// "42s", "3m07s", "1h02m".
func formatDuration(d time.Duration) string {
	switch {
	case d < 0:
		return "-" + formatDuration(-d)
	case d < time.Second:
		return fmt.Sprintf("%.2fs", d.Seconds())
	case d < 10*time.Second:
		return fmt.Sprintf("%.1fs", d.Seconds())
	case d < time.Minute:
		return fmt.Sprintf("%.0fs", d.Seconds())
	case d < time.Hour:
		d = d.Round(time.Second)
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	d = d.Round(time.Minute)
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

// oneLine collapses s to one line of at most n runes, ending in "…" when
// cut.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if n > 0 && len(r) > n {
		return strings.TrimRight(string(r[:n-1]), " ") + "…"
	}
	return s
}
