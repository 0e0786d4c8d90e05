package session

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

const (
	gen    = "https://azure-token-generator.intern.dev.nav.no"
	cookie = "the-session-cookie-value-0123456789"
)

// hangingKeyring is a Secret Service that never answers, as a locked one
// waiting for a password prompt does; it counts the calls it gets.
type hangingKeyring struct {
	calls   atomic.Int32
	release chan struct{}
}

func (h *hangingKeyring) wait() error {
	h.calls.Add(1)
	<-h.release
	return errors.New("too late")
}
func (h *hangingKeyring) Set(_, _, _ string) error        { return h.wait() }
func (h *hangingKeyring) Get(_, _ string) (string, error) { return "", h.wait() }
func (h *hangingKeyring) Delete(_, _ string) error        { return h.wait() }
func (h *hangingKeyring) DeleteAll(_ string) error        { return h.wait() }
func newHanging(t *testing.T) *hangingKeyring {
	h := &hangingKeyring{release: make(chan struct{})}
	t.Cleanup(func() { close(h.release) })
	return h
}

// mockKeyring puts go-keyring's mock in place of the OS keyring, failing
// every call with err when it is not nil. The bus variable makes the store
// try it: on a machine without D-Bus it would not.
func mockKeyring(t *testing.T, err error) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/test-bus")
	if err != nil {
		keyring.MockInitWithError(err)
	} else {
		keyring.MockInit()
	}
}

func TestMissingBusSkipsTheSecretService(t *testing.T) {
	env := func(addr string) func(string) string {
		return func(k string) string {
			if k == "DBUS_SESSION_BUS_ADDRESS" {
				return addr
			}
			return ""
		}
	}
	none := func(string) bool { return false }
	bus := func(p string) bool { return p == "/run/user/1000/bus" }
	for _, tc := range []struct {
		goos, addr string
		exists     func(string) bool
		missing    bool
	}{
		{"linux", "", none, true},
		{"linux", "autolaunch:", none, true},
		{"linux", "unix:path=/run/user/1000/bus", none, false},
		{"linux", "", bus, false},
		{"freebsd", "", none, true},
		{"darwin", "", none, false},
		{"windows", "", none, false},
	} {
		if got := missingBus(tc.goos, env(tc.addr), 1000, tc.exists); (got != "") != tc.missing {
			t.Errorf("%s %q: missingBus = %q", tc.goos, tc.addr, got)
		}
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
	keyring.MockInit() // would work, but must not be asked without a bus
	if runtime.GOOS != "linux" || fileExists(fmt.Sprintf("/run/user/%d/bus", os.Getuid())) {
		t.Skip("this machine has a session bus")
	}
	p, err := NewKeyring(t.TempDir()).Keep(Kept{Generator: gen, Cookie: cookie})
	if err != nil || p.Kind != KindFile || !strings.Contains(p.Fallback, "no D-Bus session") {
		t.Errorf("Keep without a bus = %+v, %v; want the file, saying why", p, err)
	}
	if _, err := keyring.Get(keyringService, gen); err != keyring.ErrNotFound {
		t.Errorf("the keyring was asked without a bus: %v", err)
	}
}

func TestKeyringKeepReadForget(t *testing.T) {
	mockKeyring(t, nil)
	dir := t.TempDir()
	s := NewKeyring(dir)
	end := time.Date(2026, 3, 2, 17, 3, 0, 0, time.UTC)
	p, err := s.Keep(Kept{Generator: gen + "/", Cookie: cookie, EndsAt: end})
	if err != nil || p.Kind != KindKeyring || p.Fallback != "" {
		t.Fatalf("Keep = %+v, %v; want the keyring", p, err)
	}
	if v, err := keyring.Get(keyringService, gen); err != nil || !strings.Contains(v, cookie) {
		t.Fatalf("the keyring item for %s holds %q, %v", gen, v, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a keyring keep wrote files: %v", entries)
	}
	k, err := s.Load(gen)
	if err != nil || k.Cookie != cookie || !k.EndsAt.Equal(end) || k.Place.Kind != KindKeyring || k.Generator != gen {
		t.Fatalf("Load = %v (cookie ok: %t), %v", k, k.Cookie == cookie, err)
	}
	if _, err := s.Load("https://another-generator.example"); !errors.Is(err, ErrNotKept) {
		t.Errorf("a session must never be handed to another generator: %v", err)
	}
	if p, err := s.Forget(gen); err != nil || p.Kind != KindKeyring {
		t.Fatalf("Forget = %+v, %v; want it found in the keyring", p, err)
	}
	if _, err := s.Load(gen); !errors.Is(err, ErrNotKept) {
		t.Errorf("after Forget: %v", err)
	}
	if p, err := s.Forget(gen); err != nil || p.Kind != "" {
		t.Errorf("forgetting nothing is no error and finds nothing: %+v, %v", p, err)
	}
}

func TestKeyringUnavailableFallsBackToTheFile(t *testing.T) {
	mockKeyring(t, errors.New("The name org.freedesktop.secrets was not provided by any .service files"))
	dir := filepath.Join(t.TempDir(), "state", "entratoken")
	s := NewKeyring(dir)
	p, err := s.Keep(Kept{Generator: gen, Cookie: cookie})
	if err != nil {
		t.Fatal(err)
	}
	if p.Kind != KindFile || !strings.Contains(p.Fallback, "org.freedesktop.secrets") || p.Path != (&File{Dir: dir}).Path(gen) {
		t.Fatalf("Keep = %+v; want the file, saying why", p)
	}
	assertPrivate(t, dir, p.Path)
	k, err := s.Load(gen)
	if err != nil || k.Cookie != cookie || k.Place.Kind != KindFile || k.Place.Fallback == "" {
		t.Fatalf("Load = %v, %v", k, err)
	}
	if fp, err := s.Forget(gen); err != nil || fp != (Place{Kind: KindFile, Path: p.Path}) {
		t.Errorf("a keyring that is not there holds nothing; Forget = %+v, %v", fp, err)
	}
	if _, err := os.Stat(p.Path); !os.IsNotExist(err) {
		t.Errorf("Forget left the file: %v", err)
	}
	var ke *KeyringError
	if _, err := s.Load(gen); !errors.Is(err, ErrNotKept) || !errors.As(err, &ke) || ke.Timeout != 0 {
		t.Errorf("Load with nothing kept and no keyring = %v; want ErrNotKept with the keyring's error", err)
	}
}

func TestKeyringTimeoutFallsBackToTheFile(t *testing.T) {
	h := newHanging(t)
	dir := t.TempDir()
	s := &Keyring{kr: h, timeout: 50 * time.Millisecond, file: &File{Dir: dir}}
	start := time.Now()
	p, err := s.Keep(Kept{Generator: gen, Cookie: cookie})
	if took := time.Since(start); took > time.Second {
		t.Errorf("Keep took %v with a hanging keyring; the limit is 50ms", took)
	}
	if err != nil || p.Kind != KindFile || !strings.Contains(p.Fallback, "did not answer within 50ms") {
		t.Fatalf("Keep = %+v, %v; want the file after the timeout", p, err)
	}
	before := h.calls.Load()
	k, err := s.Load(gen)
	if err != nil || k.Cookie != cookie || k.Place.Kind != KindFile {
		t.Fatalf("Load = %v, %v", k, err)
	}
	if h.calls.Load() != before {
		t.Errorf("Load asked the keyring although the file holds the session: each start would wait out the timeout")
	}
	var ke *KeyringError
	if p, err := s.Forget(gen); !errors.As(err, &ke) || ke.Timeout == 0 || p.Kind != KindFile {
		t.Errorf("Forget with a hanging keyring = %+v, %v; want the file found, and the timeout (it may still hold a session)", p, err)
	}
	if _, err := s.Load(gen); !errors.Is(err, ErrNotKept) || !errors.As(err, &ke) || ke.Timeout == 0 {
		t.Errorf("Load with nothing in the file = %v; want ErrNotKept with the timeout", err)
	}
}

func TestKeyringErrorThatEchoesTheSecretIsRedacted(t *testing.T) {
	mockKeyring(t, errors.New("cannot store "+cookie))
	p, err := NewKeyring(t.TempDir()).Keep(Kept{Generator: gen, Cookie: cookie})
	if err != nil || strings.Contains(p.Fallback, cookie) || !strings.Contains(p.Fallback, "cannot store [redacted]") {
		t.Errorf("Fallback = %q, %v", p.Fallback, err)
	}
}

func TestKeyringBackAgainRemovesTheFallbackFile(t *testing.T) {
	mockKeyring(t, errors.New("locked"))
	dir := t.TempDir()
	s := NewKeyring(dir)
	p, err := s.Keep(Kept{Generator: gen, Cookie: "old-session-cookie-0123456789"})
	if err != nil || p.Kind != KindFile {
		t.Fatal(p, err)
	}
	mockKeyring(t, nil)
	if p, err := s.Keep(Kept{Generator: gen, Cookie: cookie}); err != nil || p.Kind != KindKeyring {
		t.Fatal(p, err)
	}
	if k, err := s.Load(gen); err != nil || k.Cookie != cookie {
		t.Errorf("Load = %v, %v; the new session is in the keyring, the old file must be gone", k, err)
	}
}

func TestKeyringWithoutAFolderSaysSo(t *testing.T) {
	mockKeyring(t, errors.New("no dbus"))
	if _, err := NewKeyring("").Keep(Kept{Generator: gen, Cookie: cookie}); err == nil || !strings.Contains(err.Error(), "XDG_STATE_HOME") {
		t.Errorf("Keep = %v; want where to point the file", err)
	}
}

func TestFileStore(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "entratoken")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f := &File{Dir: dir}
	p, err := f.Keep(Kept{Generator: gen, Cookie: cookie})
	if err != nil || p.Kind != KindFile {
		t.Fatal(p, err)
	}
	assertPrivate(t, dir, p.Path)
	other := "http://127.0.0.1:8099"
	if _, err := f.Keep(Kept{Generator: other, Cookie: "sandbox-session-0123456789"}); err != nil {
		t.Fatal(err)
	}
	if k, err := f.Load(gen); err != nil || k.Cookie != cookie {
		t.Errorf("keeping another generator's session replaced this one: %v, %v", k, err)
	}
	// A file that holds another generator's session (copied by hand) is
	// not handed out.
	b, _ := os.ReadFile(f.Path(other))
	if err := os.WriteFile(f.Path(gen), b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Load(gen); !errors.Is(err, ErrNotKept) {
		t.Errorf("a file for another generator: %v", err)
	}
	if info, _ := os.Stat(f.Path(gen)); info.Mode().Perm() != 0o600 {
		t.Errorf("a readable session file is tightened on read, mode %v", info.Mode().Perm())
	}
	os.WriteFile(f.Path(gen), []byte("{damaged"), 0o600)
	if _, err := f.Load(gen); !errors.Is(err, ErrNotKept) {
		t.Errorf("a damaged file: %v", err)
	}
}

func TestKeptNeverPrintsItsCookie(t *testing.T) {
	k := Kept{Generator: gen, Cookie: cookie, Place: Place{Kind: KindKeyring}}
	for _, s := range []string{fmt.Sprint(k), fmt.Sprintf("%+v", k), fmt.Sprintf("%#v", k), fmt.Sprintf("%v", []Kept{k})} {
		if strings.Contains(s, cookie) {
			t.Errorf("%q holds the cookie", s)
		}
	}
}

func TestMemoryStore(t *testing.T) {
	m := &Memory{}
	if _, err := m.Load(gen); !errors.Is(err, ErrNotKept) {
		t.Fatal(err)
	}
	if p, _ := m.Keep(Kept{Generator: gen + "/", Cookie: cookie}); p.Kind != KindNone || p.String() != "memory (this run only)" {
		t.Errorf("place %+v", p)
	}
	if k, err := m.Load(gen); err != nil || k.Cookie != cookie {
		t.Errorf("Load = %v, %v", k, err)
	}
	if p, err := m.Forget(gen); err != nil || p.Kind != KindNone {
		t.Errorf("Forget = %+v, %v", p, err)
	}
	if _, err := m.Load(gen); !errors.Is(err, ErrNotKept) {
		t.Errorf("after Forget: %v", err)
	}
}

func TestOpenAndParseKind(t *testing.T) {
	for in, want := range map[string]Kind{"keyring": KindKeyring, " File ": KindFile, "none": KindNone} {
		if k, err := ParseKind(in); err != nil || k != want {
			t.Errorf("ParseKind(%q) = %q, %v", in, k, err)
		}
	}
	if _, err := ParseKind("vault"); err == nil || err.Error() != `"vault" is not keyring, file or none` {
		t.Errorf("ParseKind(vault) = %v", err)
	}
	for kind, want := range map[Kind]Kind{KindKeyring: KindKeyring, KindFile: KindFile, KindNone: KindNone} {
		s, err := Open(kind, t.TempDir())
		if err != nil || s.Kind() != want {
			t.Errorf("Open(%q) = %v, %v", kind, s, err)
		}
	}
	if _, err := Open(KindFile, ""); err == nil {
		t.Error("a file store without a folder must be refused")
	}
}

func TestDefaultDir(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, tc := range []struct {
		goos   string
		getenv func(string) string
		want   string
	}{
		{"linux", env("HOME", "/home/u"), "/home/u/.local/state/entratoken"},
		{"linux", env("HOME", "/home/u", "XDG_STATE_HOME", "/x/state"), "/x/state/entratoken"},
		{"linux", env("HOME", "/home/u", "XDG_STATE_HOME", "relative"), "/home/u/.local/state/entratoken"},
		{"freebsd", env("HOME", "/home/u"), "/home/u/.local/state/entratoken"},
		{"darwin", env("HOME", "/Users/u"), "/Users/u/Library/Application Support/entratoken"},
		{"darwin", env("HOME", "/Users/u", "XDG_STATE_HOME", "/x/state"), "/x/state/entratoken"},
		{"windows", env("LocalAppData", "/c/Users/u/AppData/Local", "HOME", ""), filepath.Join("/c/Users/u/AppData/Local", "entratoken")},
	} {
		got, err := DefaultDir(tc.goos, tc.getenv)
		if err != nil || got != tc.want {
			t.Errorf("%s: DefaultDir = %q, %v; want %q", tc.goos, got, err, tc.want)
		}
	}
	for _, goos := range []string{"linux", "windows"} {
		if _, err := DefaultDir(goos, env()); err == nil {
			t.Errorf("%s with an empty environment: want an error", goos)
		}
	}
}

// assertPrivate checks the folder is 0700 and the file 0600.
func assertPrivate(t *testing.T, dir, file string) {
	t.Helper()
	for path, want := range map[string]os.FileMode{dir: 0o700, file: 0o600} {
		info, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", path, info.Mode().Perm(), want)
		}
	}
}
