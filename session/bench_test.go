package session

import (
	"errors"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// What reading a kept session costs each process that needs one (every
// "token --obo" without ENTRATOKEN_SESSION). The Secret Service itself
// is not on this test machine: the keyring benchmarks measure our side
// (go-keyring's mock), the fallback paths and the timeout. Run with
//
//	go test -run '^$' -bench BenchmarkLoad -benchtime 2000x -benchmem ./session
//	go test -run '^$' -bench TimeoutKeyring -benchtime 1x ./session   # 3 s

func BenchmarkLoadFile(b *testing.B) {
	f := &File{Dir: b.TempDir()}
	if _, err := f.Keep(Kept{Generator: gen, Cookie: cookie, EndsAt: time.Now().Add(time.Hour)}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := f.Load(gen); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadKeyringFallbackFile is a keyring store whose session went
// to the file: Load reads the file and never asks the keyring.
func BenchmarkLoadKeyringFallbackFile(b *testing.B) {
	h := &hangingKeyring{release: make(chan struct{})}
	defer close(h.release)
	s := &Keyring{kr: noKeyring{"no bus"}, timeout: keyringTimeout, file: &File{Dir: b.TempDir()}}
	if _, err := s.Keep(Kept{Generator: gen, Cookie: cookie}); err != nil {
		b.Fatal(err)
	}
	s.kr = h // would hang: must not be asked
	for b.Loop() {
		if _, err := s.Load(gen); err != nil {
			b.Fatal(err)
		}
	}
	if h.calls.Load() != 0 {
		b.Fatal("the keyring was asked")
	}
}

// BenchmarkLoadNoBusNothingKept is a machine without a Secret Service and
// no session: the bus check, a missing file, a refused call.
func BenchmarkLoadNoBusNothingKept(b *testing.B) {
	b.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	dir := b.TempDir()
	for b.Loop() {
		if _, err := NewKeyring(dir).Load(gen); !errors.Is(err, ErrNotKept) {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadMockKeyring is our side of a keyring read: the goroutine
// and timer of the time limit, and decoding, around go-keyring's mock.
func BenchmarkLoadMockKeyring(b *testing.B) {
	b.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/test-bus")
	keyring.MockInit()
	s := NewKeyring(b.TempDir())
	if _, err := s.Keep(Kept{Generator: gen, Cookie: cookie}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Load(gen); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTimeoutKeyring is a keyring that never answers and nothing
// in the file: the 3 s limit, once.
func BenchmarkTimeoutKeyring(b *testing.B) {
	h := &hangingKeyring{release: make(chan struct{})}
	defer close(h.release)
	s := &Keyring{kr: h, timeout: keyringTimeout, file: &File{Dir: b.TempDir()}}
	for b.Loop() {
		if _, err := s.Load(gen); !errors.Is(err, ErrNotKept) {
			b.Fatal(err)
		}
	}
}

// BenchmarkGoKeyringNoBus is what go-keyring's own Get costs on this
// machine without a bus, which the bus check spares us. Run it alone
// (-run '^$' -bench GoKeyringNoBus): the tests and other benchmarks put
// go-keyring's mock in place of the OS keyring for the whole process.
func BenchmarkGoKeyringNoBus(b *testing.B) {
	b.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	for b.Loop() {
		_, _ = osKeyring{}.Get(keyringService, gen)
	}
}
