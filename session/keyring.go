package session

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/entratoken/entratoken/flows"
	"github.com/zalando/go-keyring"
)

// keyringService is the service name of entratoken's keyring items; the
// account is the generator's URL, so each generator has its own item.
const keyringService = "entratoken"

// keyringTimeout bounds every keyring call, as gh does: a locked keyring
// that waits for a password prompt, or a Secret Service that never
// answers, must not hang the app.
const keyringTimeout = 3 * time.Second

// Keyring keeps sessions in the OS keyring (macOS Keychain, the
// freedesktop Secret Service, Windows Credential Manager) through
// go-keyring. Where the keyring cannot be used, or does not answer in
// time, it keeps the session in its File instead, and Place says why.
type Keyring struct {
	file    *File // nil: nowhere to fall back to
	kr      keyring.Keyring
	timeout time.Duration
}

// NewKeyring returns a keyring store that falls back to files in dir
// ("" for none). Where there is no D-Bus session for the Secret Service,
// it does not try the keyring at all.
func NewKeyring(dir string) *Keyring {
	k := &Keyring{kr: osKeyring{}, timeout: keyringTimeout}
	if why := missingBus(runtime.GOOS, os.Getenv, os.Getuid(), fileExists); why != "" {
		k.kr = noKeyring{why}
	}
	if dir != "" {
		k.file = &File{Dir: dir}
	}
	return k
}

// KeyringError is a keyring that failed or did not answer in time.
type KeyringError struct {
	// Timeout is set when the keyring did not answer within it.
	Timeout time.Duration
	Err     error
}

// Error says what went wrong with the keyring, never what was stored.
func (e *KeyringError) Error() string {
	if e.Timeout > 0 {
		return fmt.Sprintf("the system keyring did not answer within %s (locked, or waiting for a password?)", e.Timeout)
	}
	msg, _, _ := strings.Cut(strings.TrimSpace(e.Err.Error()), "\n")
	return "no usable system keyring: " + msg
}

// Unwrap gives the keyring's own error.
func (e *KeyringError) Unwrap() error { return e.Err }

// Kind is KindKeyring.
func (s *Keyring) Kind() Kind { return KindKeyring }

// Load reads the fallback file first: a session is there only because the
// keyring could not be used when it was kept, and a file costs no keyring
// call (nor its timeout). Then the keyring. A keyring that fails is
// ErrNotKept wrapped with the *KeyringError.
func (s *Keyring) Load(generator string) (Kept, error) {
	var ferr error
	if s.file != nil {
		k, err := s.file.Load(generator)
		if err == nil {
			k.Place.Fallback = "the system keyring could not be used when it was kept"
			return k, nil
		}
		if !errors.Is(err, ErrNotKept) {
			ferr = err
		}
	}
	v, err := call(s.timeout, func() (string, error) { return s.kr.Get(keyringService, normal(generator)) })
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		if ferr != nil {
			return Kept{}, ferr
		}
		return Kept{}, ErrNotKept
	case err != nil:
		return Kept{}, fmt.Errorf("%w (%w)", ErrNotKept, err)
	}
	k, ok := decode([]byte(v), generator)
	if !ok {
		return Kept{}, ErrNotKept
	}
	k.Place = Place{Kind: KindKeyring}
	return k, nil
}

// Keep stores k in the keyring and removes a fallback file left from
// before; when the keyring fails, it writes the file instead.
func (s *Keyring) Keep(k Kept) (Place, error) {
	b, err := encode(k)
	if err != nil {
		return Place{}, err
	}
	_, kerr := call(s.timeout, func() (struct{}, error) {
		return struct{}{}, s.kr.Set(keyringService, normal(k.Generator), string(b))
	})
	if kerr == nil {
		if s.file != nil {
			_, _ = s.file.Forget(k.Generator) // else Load would prefer the old file
		}
		return Place{Kind: KindKeyring}, nil
	}
	if s.file == nil {
		return Place{}, fmt.Errorf("%w, and there is no folder for a session file (set XDG_STATE_HOME)", kerr)
	}
	p, err := s.file.Keep(k)
	if err != nil {
		return Place{}, fmt.Errorf("%w; %w", kerr, err)
	}
	p.Fallback = flows.Redact(kerr.Error(), k.Cookie) // a keyring's error is shown: never with the secret
	return p, nil
}

// Forget removes the session from the file and the keyring, and says
// where it was (the keyring, when both held one). A keyring that is not
// there holds nothing, so only one that did not answer in time is an
// error: it may still hold the session.
func (s *Keyring) Forget(generator string) (Place, error) {
	var found Place
	var ferr error
	if s.file != nil {
		found, ferr = s.file.Forget(generator)
	}
	_, err := call(s.timeout, func() (struct{}, error) {
		return struct{}{}, s.kr.Delete(keyringService, normal(generator))
	})
	var ke *KeyringError
	switch {
	case err == nil:
		found = Place{Kind: KindKeyring}
	case errors.As(err, &ke) && ke.Timeout > 0:
		ferr = errors.Join(ferr, err)
	}
	return found, ferr
}

// call runs fn with a time limit. On a timeout fn goes on in the
// background; its late result is dropped. Every error other than
// keyring.ErrNotFound comes back as a *KeyringError.
func call[T any](limit time.Duration, fn func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := fn()
		done <- result{v, err}
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case r := <-done:
		if r.err != nil && !errors.Is(r.err, keyring.ErrNotFound) {
			r.err = &KeyringError{Err: r.err}
		}
		return r.v, r.err
	case <-timer.C:
		var zero T
		return zero, &KeyringError{Timeout: limit, Err: errors.New("timed out")}
	}
}

// osKeyring is go-keyring's package-level keyring, which its MockInit
// replaces in tests.
type osKeyring struct{}

func (osKeyring) Set(service, user, secret string) error { return keyring.Set(service, user, secret) }
func (osKeyring) Get(service, user string) (string, error) {
	return keyring.Get(service, user)
}
func (osKeyring) Delete(service, user string) error { return keyring.Delete(service, user) }
func (osKeyring) DeleteAll(service string) error    { return keyring.DeleteAll(service) }
