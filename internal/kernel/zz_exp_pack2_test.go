package kernel

import "testing"

// interleave variants: panel[p*w+i] = alpha*src[i*ld+p]
func ilv4(panel []float32, w, h, kb int, alpha float32, src []float32, ld int) {
	i := 0
	for ; i+4 <= h; i += 4 {
		v0 := src[i*ld:][:kb]
		v1 := src[(i+1)*ld:][:kb]
		v2 := src[(i+2)*ld:][:kb]
		v3 := src[(i+3)*ld:][:kb]
		for p := range v0 {
			step := panel[p*w+i:][:4]
			step[0] = v0[p]
			step[1] = v1[p]
			step[2] = v2[p]
			step[3] = v3[p]
		}
	}
}

func ilv4walk(panel []float32, w, h, kb int, alpha float32, src []float32, ld int) {
	i := 0
	for ; i+4 <= h; i += 4 {
		v0 := src[i*ld:][:kb]
		v1 := src[(i+1)*ld:][:kb]
		v2 := src[(i+2)*ld:][:kb]
		v3 := src[(i+3)*ld:][:kb]
		x := i
		for p := range v0 {
			if x+3 >= len(panel) {
				panic("x")
			}
			panel[x] = v0[p]
			panel[x+1] = v1[p]
			panel[x+2] = v2[p]
			panel[x+3] = v3[p]
			x += w
		}
	}
}

func ilv8(panel []float32, w, h, kb int, alpha float32, src []float32, ld int) {
	i := 0
	for ; i+8 <= h; i += 8 {
		v0 := src[i*ld:][:kb]
		v1 := src[(i+1)*ld:][:kb]
		v2 := src[(i+2)*ld:][:kb]
		v3 := src[(i+3)*ld:][:kb]
		v4 := src[(i+4)*ld:][:kb]
		v5 := src[(i+5)*ld:][:kb]
		v6 := src[(i+6)*ld:][:kb]
		v7 := src[(i+7)*ld:][:kb]
		for p := range v0 {
			step := panel[p*w+i:][:8]
			step[0] = v0[p]
			step[1] = v1[p]
			step[2] = v2[p]
			step[3] = v3[p]
			step[4] = v4[p]
			step[5] = v5[p]
			step[6] = v6[p]
			step[7] = v7[p]
		}
	}
	ilv4(panel, w, h-i, kb, alpha, src, ld) // rough, not exact
}

// blocked transpose 4x4: read 4 p's of 4 rows
func ilv4x4(panel []float32, w, h, kb int, alpha float32, src []float32, ld int) {
	i := 0
	for ; i+4 <= h; i += 4 {
		v0 := src[i*ld:][:kb]
		v1 := src[(i+1)*ld:][:kb]
		v2 := src[(i+2)*ld:][:kb]
		v3 := src[(i+3)*ld:][:kb]
		p := 0
		for ; p+4 <= kb; p += 4 {
			a := v0[p : p+4 : p+4]
			b := v1[p : p+4 : p+4]
			c := v2[p : p+4 : p+4]
			d := v3[p : p+4 : p+4]
			s := panel[p*w+i:][:3*w+4]
			s[0], s[1], s[2], s[3] = a[0], b[0], c[0], d[0]
			s[w], s[w+1], s[w+2], s[w+3] = a[1], b[1], c[1], d[1]
			s[2*w], s[2*w+1], s[2*w+2], s[2*w+3] = a[2], b[2], c[2], d[2]
			s[3*w], s[3*w+1], s[3*w+2], s[3*w+3] = a[3], b[3], c[3], d[3]
		}
	}
}

func BenchmarkExpIlv(b *testing.B) {
	const m, k, mr = 516, 256, 12
	a := randomSlice[float32](m * 512)
	dst := make([]float32, m*k)
	fns := map[string]func([]float32, int, int, int, float32, []float32, int){"ilv4": ilv4, "ilv4walk": ilv4walk, "ilv8": ilv8, "ilv4x4": ilv4x4}
	for name, fn := range fns {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				for r := 0; r < 512; r += mr {
					fn(dst[r*k:(r+mr)*k], mr, mr, k, 1, a[r*512:], 512)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(512*k), "ns/elem")
		})
	}
}

// gather: panel[p*w+i] = src[p*ld+i], h values per step
func gatherCopy(panel []float32, w, h, kb int, src []float32, ld int) {
	for p := range kb {
		copy(panel[p*w:p*w+w], src[p*ld:][:h])
	}
}

func gatherLoop(panel []float32, w, h, kb int, src []float32, ld int) {
	for p := range kb {
		values := src[p*ld:][:h]
		step := panel[p*w:][:len(values)]
		for i, v := range values {
			step[i] = v
		}
	}
}

func gatherLoop4(panel []float32, w, h, kb int, src []float32, ld int) {
	for p := range kb {
		values := src[p*ld:][:h]
		step := panel[p*w:][:len(values)]
		i := 0
		for ; i+4 <= len(values); i += 4 {
			s := step[i : i+4 : i+4]
			v := values[i : i+4 : i+4]
			s[0], s[1], s[2], s[3] = v[0], v[1], v[2], v[3]
		}
		for ; i < len(values); i++ {
			step[i] = values[i]
		}
	}
}

func BenchmarkExpGather(b *testing.B) {
	x := randomSlice[float32](512 * 512)
	fns := map[string]func([]float32, int, int, int, []float32, int){"copy": gatherCopy, "loop": gatherLoop, "loop4": gatherLoop4}
	for _, w := range []int{2, 4, 12, 16, 32} {
		dst := make([]float32, 512*256+64)
		for name, fn := range fns {
			b.Run(name+"/"+string(rune('0'+w/10))+string(rune('0'+w%10)), func(b *testing.B) {
				for b.Loop() {
					for s := 0; s+w <= 512; s += w {
						fn(dst[s*256:], w, w, 256, x[s:], 512)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(512*256), "ns/elem")
			})
		}
	}
}
