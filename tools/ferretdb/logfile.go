package main

import (
	"bytes"
	"os"
	"sync"
)

// tailFile is the launcher's log file in the data folder: owner-only (0600), appended
// to, and cut back to its last half (whole lines) when it grows past max bytes, so
// that months of running keep the recent lines and never fill the disk. The app's other
// processes on an external PostgreSQL may share the file: a writer that finds the path
// replaced (another one cut it) opens it again.
type tailFile struct {
	mu   sync.Mutex
	path string
	max  int64
	f    *os.File
	size int64
}

func openTailFile(path string, max int64) (*tailFile, error) {
	t := &tailFile{path: path, max: max}
	if err := t.open(); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *tailFile) open() error {
	f, err := os.OpenFile(t.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	// A file made by an older version may be readable by all.
	_ = f.Chmod(0o600)
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	t.f, t.size = f, info.Size()
	return nil
}

// replaced says whether the path no longer names the open file.
func (t *tailFile) replaced() bool {
	onDisk, err := os.Stat(t.path)
	if err != nil {
		return true
	}
	open, err := t.f.Stat()
	if err != nil {
		return true
	}
	return !os.SameFile(onDisk, open)
}

func (t *tailFile) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.replaced() {
		t.f.Close()
		if err := t.open(); err != nil {
			return 0, err
		}
	}
	n, err := t.f.Write(p)
	t.size += int64(n)
	if t.size > t.max {
		t.trim()
	}
	return n, err
}

// trim keeps the last half of the file, from a line start, through a new 0600 file
// renamed over the old one (a reader never sees it half written).
func (t *tailFile) trim() {
	data, err := os.ReadFile(t.path)
	if err != nil {
		return
	}
	keep := data
	if int64(len(keep)) > t.max/2 {
		keep = keep[int64(len(keep))-t.max/2:]
		if i := bytes.IndexByte(keep, '\n'); i >= 0 {
			keep = keep[i+1:]
		}
	}
	tmp := t.path + ".trim"
	_ = os.Remove(tmp)
	if err := os.WriteFile(tmp, keep, 0o600); err != nil {
		return
	}
	if err := os.Rename(tmp, t.path); err != nil {
		_ = os.Remove(tmp)
		return
	}
	t.f.Close()
	if err := t.open(); err != nil {
		// Nowhere to write: keep going without a log rather than stop the database.
		t.f, _ = os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		t.size = 0
	}
}
