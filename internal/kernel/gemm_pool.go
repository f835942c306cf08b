package kernel

import (
	"sync"
	"unsafe"
)

// Pools of reusable memory, one per element size: packing buffers (*[]T) and jobs (gemmJob, directJob).
var packBufs, gemmJobs, directJobs [2]sync.Pool

// sizeIndex is 0 for float32, 1 for float64.
func sizeIndex[T Float]() int { return int(unsafe.Sizeof(T(0)) / 8) }

// getBuf returns a buffer of length size from pools, allocating only when the pool
// has none large enough.
func getBuf[T Float](pools *[2]sync.Pool, size int) *[]T {
	if buf, _ := pools[sizeIndex[T]()].Get().(*[]T); buf != nil && cap(*buf) >= size {
		*buf = (*buf)[:size]
		return buf
	}
	buf := make([]T, size)
	return &buf
}

func putBuf[T Float](pools *[2]sync.Pool, buf *[]T) { pools[sizeIndex[T]()].Put(buf) }

// getJob returns a job from pool, or a new one.
func getJob[J any](pool *sync.Pool) *J {
	if job, _ := pool.Get().(*J); job != nil {
		return job
	}
	return new(J)
}
