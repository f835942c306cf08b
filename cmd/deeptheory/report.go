package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/deeptheory/deeptheory/tensor"
	"github.com/deeptheory/deeptheory/tensor/safetensors"
	"github.com/deeptheory/deeptheory/theory"
)

// reportFile is the report's main page, and the mark of a report folder.
const reportFile = "report.md"

// reportPath returns the path of the report's main page in dir.
func reportPath(dir string) string { return filepath.Join(dir, reportFile) }

// writeReport writes the report of a check into dir atomically: it builds
// the whole report in a new directory beside dir, then puts it in dir's
// place, so dir holds either the earlier report or the new one, never a
// mix or a half. An existing dir that is neither empty nor a report
// (it has no report.md) is left alone: that is an error.
func writeReport(dir string, rep *checkReport, outcomes []outcome, layouts []claimLayout, now time.Time) (err error) {
	dir = filepath.Clean(dir)
	if err := checkReplaceable(dir); err != nil {
		return err
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".new-")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	for i, o := range outcomes {
		if err := writeClaimFolder(filepath.Join(tmp, o.claim.ID), o, rep.Claims[i], layouts[i]); err != nil {
			return fmt.Errorf("%s: %w", o.claim.ID, err)
		}
	}
	var md bytes.Buffer
	writeMarkdown(&md, rep, outcomes, layouts, now)
	if err := writeFile(filepath.Join(tmp, reportFile), md.Bytes()); err != nil {
		return err
	}
	if err := syncDir(tmp); err != nil {
		return err
	}
	return replaceDir(tmp, dir)
}

// checkReplaceable returns an error if dir exists and is something a
// report must not replace: a file, or a non-empty directory without a
// report.md.
func checkReplaceable(dir string) error {
	info, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !info.IsDir() {
		return fmt.Errorf("%s exists and is not a directory", dir)
	}
	if _, err := os.Stat(reportPath(dir)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("%s is not empty and holds no %s: not replacing what may not be a report (choose another -out)", dir, reportFile)
	}
	return nil
}

// replaceDir puts directory src in dst's place. If dst exists, the two are
// exchanged in one step where the system can (Linux renameat2), else dst
// is moved aside first; either way the old dst is then removed.
func replaceDir(src, dst string) error {
	if _, err := os.Lstat(dst); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(src, dst)
	}
	if exchangeDirs(src, dst) == nil {
		return os.RemoveAll(src) // src now holds the old report
	}
	old, err := os.MkdirTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".old-")
	if err != nil {
		return err
	}
	aside := filepath.Join(old, "report")
	if err := os.Rename(dst, aside); err != nil {
		os.Remove(old)
		return err
	}
	if err := os.Rename(src, dst); err != nil {
		if errBack := os.Rename(aside, dst); errBack != nil {
			return fmt.Errorf("%w; the earlier report is in %s", err, aside)
		}
		os.Remove(old)
		return err
	}
	return os.RemoveAll(old)
}

// writeClaimFolder writes a claim's files into dir (created): result.json,
// its curves as CSV, its plots, its data and its models.
func writeClaimFolder(dir string, o outcome, obj claimJSON, lay claimLayout) error {
	if err := os.Mkdir(dir, 0o755); err != nil {
		return err
	}
	js, err := json.MarshalIndent(obj, "", "  ")
	if err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "result.json"), append(js, '\n')); err != nil {
		return err
	}
	r := o.result
	for i, c := range r.Curves {
		if err := writeFile(filepath.Join(dir, lay.curveFiles[i]), curveCSV(c)); err != nil {
			return err
		}
	}
	for _, g := range lay.plots {
		p := newPlot(r, g)
		var png, svg bytes.Buffer
		if err := writePNG(&png, p); err != nil {
			return fmt.Errorf("plot %s: %w", g.file, err)
		}
		if err := writeSVG(&svg, p); err != nil {
			return fmt.Errorf("plot %s: %w", g.file, err)
		}
		if err := writeFile(filepath.Join(dir, g.file+".png"), png.Bytes()); err != nil {
			return err
		}
		if err := writeFile(filepath.Join(dir, g.file+".svg"), svg.Bytes()); err != nil {
			return err
		}
	}
	if names := dataNames(r); len(names) > 0 {
		f := &safetensors.File{Metadata: map[string]string{
			"claim": r.ID, "seed": strconv.FormatUint(r.Config.Seed, 10), "size": r.Config.Size.String()}}
		for _, name := range names {
			f.Tensors = append(f.Tensors, tensor.ToSafetensors(name, r.Data[name]))
		}
		if err := safetensors.WriteFile(filepath.Join(dir, dataFile), f); err != nil {
			return err
		}
	}
	for i, m := range r.Models {
		if err := writeModel(filepath.Join(dir, lay.modelFiles[i]), r, m); err != nil {
			return err
		}
	}
	return syncDir(dir)
}

// writeModel writes m's weights under their PyTorch names, with the layer
// list (a JSON array) in the metadata.
func writeModel(path string, r *theory.Result, m theory.Model) error {
	layers, err := json.Marshal(m.Layers)
	if err != nil {
		return err
	}
	f := &safetensors.File{Metadata: map[string]string{
		"format": "pt", "claim": r.ID, "model": m.Name, "layers": string(layers)}}
	for _, w := range m.Weights {
		f.Tensors = append(f.Tensors, tensor.ToSafetensors(w.Name, w.Value))
	}
	return safetensors.WriteFile(path, f)
}

// curveCSV returns c as CSV: a header row of the axis labels ("x" and "y"
// where they are empty), then one row per point, in full precision.
func curveCSV(c theory.Curve) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	xl, yl := c.XLabel, c.YLabel
	if xl == "" {
		xl = "x"
	}
	if yl == "" {
		yl = "y"
	}
	w.Write([]string{xl, yl})
	for i := range min(len(c.X), len(c.Y)) {
		w.Write([]string{strconv.FormatFloat(c.X[i], 'g', -1, 64), strconv.FormatFloat(c.Y[i], 'g', -1, 64)})
	}
	w.Flush() // writes to a bytes.Buffer cannot fail
	return b.Bytes()
}

// writeFile writes data to path (a new file) and syncs it.
func writeFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir flushes a directory's entries to disk.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

// writeTo is io.Writer's Write with the error dropped, for building
// in-memory text.
func writeTo(w io.Writer, format string, args ...any) { fmt.Fprintf(w, format, args...) }
