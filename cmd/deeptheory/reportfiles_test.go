package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/deeptheory/deeptheory/tensor/safetensors"
	"github.com/deeptheory/deeptheory/theory"
)

// checkReportFiles reads back every file of the report in dir that check
// wrote for claims (run Quick with seed 1), and compares the data and
// models with a fresh run of the same experiments.
func checkReportFiles(t *testing.T, dir string, claims []theory.Claim) {
	t.Helper()
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	if m := lacks(string(md), "# deeptheory check", "| claim | statement | measured | criterion | verdict | time |",
		"Framework self-check against PyTorch: **PASS**"); m != nil {
		t.Errorf("report.md lacks %q", m)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	want := []string{"report.md"}
	for _, c := range claims {
		want = append(want, c.ID)
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("report holds %q, want %q", got, want)
	}
	for _, c := range claims {
		fresh := c.Run(theory.Config{Size: theory.Quick, Seed: 1}, nil)
		checkClaimFolder(t, filepath.Join(dir, c.ID), fresh, string(md))
	}
}

func checkClaimFolder(t *testing.T, dir string, fresh *theory.Result, md string) {
	t.Helper()
	id := fresh.ID
	if m := lacks(md, "## "+id+": ", "| ["+id+"](#"+strings.ToLower(id)+") |", "**Verdict: "+string(fresh.Verdict())+".**"); m != nil {
		t.Errorf("%s: report.md lacks %q", id, m)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "result.json"))
	if err != nil {
		t.Fatal(err)
	}
	var obj claimJSON
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&obj); err != nil {
		t.Fatalf("%s/result.json: %v", id, err)
	}
	if obj.ID != id || obj.Statement != fresh.Statement || obj.Verdict != string(fresh.Verdict()) ||
		obj.Setup != fresh.Setup || obj.Criterion != fresh.Criterion || len(obj.Checks) != len(fresh.Checks) ||
		len(obj.Quantities) != len(fresh.Quantities) || obj.Config.Size != "quick" || obj.Seed != 1 {
		t.Errorf("%s/result.json does not match the result: %+v", id, obj)
	}
	files := map[string]bool{"result.json": true}

	for i, c := range fresh.Curves {
		cj := obj.Curves[i]
		files[cj.File] = true
		f, err := os.Open(filepath.Join(dir, cj.File))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatalf("%s/%s: %v", id, cj.File, err)
		}
		if len(rows) != len(c.X)+1 || !slices.Equal(rows[0], []string{c.XLabel, c.YLabel}) {
			t.Errorf("%s/%s: %d rows, header %q; want %d rows, header %q", id, cj.File, len(rows), rows[0],
				len(c.X)+1, []string{c.XLabel, c.YLabel})
			continue
		}
		for k, row := range rows[1:] {
			x, errX := strconv.ParseFloat(row[0], 64)
			y, errY := strconv.ParseFloat(row[1], 64)
			if errX != nil || errY != nil || x != c.X[k] || y != c.Y[k] && !(y != y && c.Y[k] != c.Y[k]) {
				t.Errorf("%s/%s row %d: %q, want %v, %v", id, cj.File, k+1, row, c.X[k], c.Y[k])
			}
		}
	}

	if len(fresh.Curves) > 0 && len(obj.Plots) == 0 {
		t.Errorf("%s: curves but no plots", id)
	}
	for _, p := range obj.Plots {
		files[p] = true
		data, err := os.ReadFile(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		switch filepath.Ext(p) {
		case ".png":
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s/%s: %v", id, p, err)
			}
			if b := img.Bounds(); b.Dx() != 960 || b.Dy() != 720 {
				t.Errorf("%s/%s is %v, want 960×720", id, p, b)
			}
			if !strings.Contains(md, "![") || !strings.Contains(md, "]("+id+"/"+p+")") {
				t.Errorf("report.md does not show %s/%s", id, p)
			}
		case ".svg":
			if !bytes.Contains(data, []byte("<svg")) {
				t.Errorf("%s/%s is not SVG", id, p)
			}
		default:
			t.Errorf("%s: plot %s is neither PNG nor SVG", id, p)
		}
	}

	if len(fresh.Data) > 0 {
		files[dataFile] = true
		f, err := safetensors.ReadFile(filepath.Join(dir, dataFile))
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, st := range f.Tensors {
			names = append(names, st.Name)
		}
		if want := []string{"x", "y", "x_test", "y_test"}; !slices.Equal(names, want) {
			t.Errorf("%s/%s holds %q, want %q", id, dataFile, names, want)
		}
		for name, want := range fresh.Data {
			st, _ := f.Get(name)
			if !slices.Equal(st.Shape, want.Shape()) || !slices.Equal(st.Data.([]float64), want.Data()) {
				t.Errorf("%s/%s: %s differs from the experiment's", id, dataFile, name)
			}
		}
	} else if obj.DataFile != "" {
		t.Errorf("%s: data file %q without data", id, obj.DataFile)
	}

	for i, m := range fresh.Models {
		mj := obj.Models[i]
		files[mj.File] = true
		f, err := safetensors.ReadFile(filepath.Join(dir, mj.File))
		if err != nil {
			t.Fatal(err)
		}
		var layers []string
		if err := json.Unmarshal([]byte(f.Metadata["layers"]), &layers); err != nil || !slices.Equal(layers, m.Layers) ||
			!slices.Equal(mj.Layers, m.Layers) || f.Metadata["format"] != "pt" {
			t.Errorf("%s/%s: metadata %v, layers in result.json %q; want layers %q", id, mj.File, f.Metadata, mj.Layers, m.Layers)
		}
		if len(f.Tensors) != len(m.Weights) {
			t.Fatalf("%s/%s holds %d tensors, want %d", id, mj.File, len(f.Tensors), len(m.Weights))
		}
		for k, w := range m.Weights {
			st := f.Tensors[k]
			if st.Name != w.Name || !slices.Equal(st.Shape, w.Value.Shape()) || !slices.Equal(st.Data.([]float64), w.Value.Data()) {
				t.Errorf("%s/%s: tensor %d is %s %v, want %s %v", id, mj.File, k, st.Name, st.Shape, w.Name, w.Value.Shape())
			}
		}
	}

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !files[e.Name()] {
			t.Errorf("%s: unexpected file %s", id, e.Name())
		}
		delete(files, e.Name())
	}
	for name := range files {
		t.Errorf("%s: missing file %s", id, name)
	}
}
