// Package session keeps the generator's login session (Wonderwall's
// io.nais.wonderwall.session cookie) between runs, so one browser login
// serves every OBO token of a working day: in the system keyring, else in
// a file only the user can read, else in memory for one run. It never
// writes the session anywhere else, and its errors never hold it.
package session

import (
	"errors"
	"strings"
	"time"
)

// Kind names a store, as the config's session_store key does.
type Kind string

// The stores session_store can choose.
const (
	KindKeyring Kind = "keyring" // the OS keyring, falling back to the file
	KindFile    Kind = "file"    // a 0600 file in the state directory
	KindNone    Kind = "none"    // memory: this run only
)

// ParseKind reads a session_store value.
func ParseKind(s string) (Kind, error) {
	switch k := Kind(strings.ToLower(strings.TrimSpace(s))); k {
	case KindKeyring, KindFile, KindNone:
		return k, nil
	}
	return "", errors.New(`"` + s + `"` + " is not keyring, file or none")
}

// ErrNotKept means no session is kept for the generator.
var ErrNotKept = errors.New("no session is kept")

// Kept is a session kept for one generator.
type Kept struct {
	// Generator is the base URL the session belongs to; it is never sent
	// anywhere else.
	Generator string `json:"generator"`
	// Cookie is the io.nais.wonderwall.session value: the secret.
	Cookie string `json:"cookie"`
	// EndsAt is when the session reaches its maximum lifetime, on this
	// machine's clock, as last heard from the generator; zero if unknown.
	EndsAt time.Time `json:"ends_at,omitzero"`
	// Place is where Load found it or Keep put it; not stored.
	Place Place `json:"-"`
}

// String describes the session without its cookie, so a stray %v in a
// message cannot leak it.
func (k Kept) String() string {
	s := "session for " + k.Generator + " in " + k.Place.String()
	if !k.EndsAt.IsZero() {
		s += ", ends " + k.EndsAt.Format(time.RFC3339)
	}
	return s
}

// GoString is String, for %#v.
func (k Kept) GoString() string { return k.String() }

// Place says where a session is kept.
type Place struct {
	Kind Kind
	// Path is the file, for KindFile.
	Path string
	// Fallback is why a keyring store used the file instead; "" otherwise.
	Fallback string
}

// String is the place in words: "the system keyring", the file's path, or
// "memory (this run only)".
func (p Place) String() string {
	switch p.Kind {
	case KindKeyring:
		return "the system keyring"
	case KindFile:
		return p.Path
	}
	return "memory (this run only)"
}

// Store keeps at most one session per generator. Implementations are safe
// for concurrent use, and never put a cookie into an error.
type Store interface {
	// Kind is the store's own kind; a keyring store that fell back to the
	// file still says KindKeyring (Place says where a session is).
	Kind() Kind
	// Load returns the session kept for generator, or ErrNotKept.
	Load(generator string) (Kept, error)
	// Keep stores k for k.Generator, replacing what was kept for it, and
	// says where it went.
	Keep(k Kept) (Place, error)
	// Forget removes what is kept for generator and says where it was;
	// a zero Place (Kind "") when nothing was kept, which is no error.
	Forget(generator string) (Place, error)
}

// Open returns the store kind names. dir holds the session files (see
// DefaultDir); with "" a keyring store has no file to fall back to, and a
// file store is refused.
func Open(kind Kind, dir string) (Store, error) {
	switch kind {
	case KindKeyring:
		return NewKeyring(dir), nil
	case KindFile:
		if dir == "" {
			return nil, errors.New("session_store: file needs a directory for the session file; set XDG_STATE_HOME")
		}
		return &File{Dir: dir}, nil
	case KindNone, "":
		return &Memory{}, nil
	}
	return nil, errors.New("session store " + `"` + string(kind) + `"` + " is not keyring, file or none")
}

// normal is a generator URL as a key: without spaces or a trailing slash,
// as flows.Generator uses it.
func normal(generator string) string {
	return strings.TrimRight(strings.TrimSpace(generator), "/")
}
