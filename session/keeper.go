package session

import (
	"context"
	"errors"
	"time"

	"github.com/entratoken/entratoken/flows"
)

// Checker asks the generator's login proxy about a session;
// flows.Generator is one.
type Checker interface {
	Session(ctx context.Context, cookie string) (flows.SessionInfo, error)
}

// Keeper holds the rules for one generator's session, for the CLI and the
// TUI alike: a session is kept only after the generator accepted it, a
// kept one it rejects is forgotten, and one whose end has passed is
// forgotten without asking.
type Keeper struct {
	Store Store
	// Generator is the base URL whose session this is.
	Generator string
	Checker   Checker
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// EndedError is a kept session that reached its known end: it was
// forgotten without asking the generator.
type EndedError struct{ At time.Time }

// Error says when the session ended.
func (e *EndedError) Error() string {
	return "the kept session ended at " + e.At.Local().Format("2006-01-02 15:04") + " (a login lasts about 10 hours)"
}

// Unwrap makes an ended session read as ErrNotKept too.
func (e *EndedError) Unwrap() error { return ErrNotKept }

func (k *Keeper) now() time.Time {
	if k.Now == nil {
		return time.Now()
	}
	return k.Now()
}

// Kept returns the session kept for the generator. Nothing kept is
// ErrNotKept (perhaps wrapping a *KeyringError); a session past its known
// end is forgotten and comes back as an *EndedError.
func (k *Keeper) Kept() (Kept, error) {
	kept, err := k.Store.Load(k.Generator)
	if err != nil {
		return Kept{}, err
	}
	if !kept.EndsAt.IsZero() && !k.now().Before(kept.EndsAt) {
		_, ferr := k.Store.Forget(k.Generator)
		return Kept{}, errors.Join(&EndedError{At: kept.EndsAt}, ferr)
	}
	return kept, nil
}

// Adopt asks the generator about cookie and keeps it when accepted, with
// its end. A session it rejects (no such session, ended, inactive) is not
// kept: the *flows.NotLoggedInError comes back, with the info Wonderwall
// gave for an inactive one. So does any failure to ask.
func (k *Keeper) Adopt(ctx context.Context, cookie string) (Kept, flows.SessionInfo, error) {
	info, err := k.Checker.Session(ctx, cookie)
	if err != nil {
		return Kept{}, info, err
	}
	kept := Kept{Generator: normal(k.Generator), Cookie: cookie, EndsAt: k.endsAt(info)}
	kept.Place, err = k.Store.Keep(kept)
	if err != nil {
		return Kept{}, info, err
	}
	return kept, info, nil
}

func (k *Keeper) endsAt(info flows.SessionInfo) time.Time { return EndsAt(info, k.now()) }

// EndsAt is the session's end on our clock: now plus Wonderwall's
// ends_in_seconds, which is immune to skew between the clocks; its ends_at
// when it gave no seconds.
func EndsAt(info flows.SessionInfo, now time.Time) time.Time {
	if info.EndsIn > 0 {
		return now.Add(info.EndsIn).Round(time.Second)
	}
	return info.EndsAt
}

// Remember keeps a session given for one run (ENTRATOKEN_SESSION,
// --session-file) once the generator accepts it. When it is the kept one
// already, it costs one read of the store and nothing else; adopted says
// whether it was checked and kept now.
func (k *Keeper) Remember(ctx context.Context, cookie string) (kept Kept, adopted bool, err error) {
	if cur, err := k.Store.Load(k.Generator); err == nil && cur.Cookie == cookie {
		return cur, false, nil
	}
	kept, _, err = k.Adopt(ctx, cookie)
	return kept, err == nil, err
}

// Verify asks the generator about the kept session. One it rejects is
// forgotten, and its *flows.NotLoggedInError comes back; nothing kept is
// Kept's error; a generator that cannot say (unreachable, its store down)
// leaves the session kept.
func (k *Keeper) Verify(ctx context.Context) (Kept, flows.SessionInfo, error) {
	kept, err := k.Kept()
	if err != nil {
		return Kept{}, flows.SessionInfo{}, err
	}
	info, err := k.Checker.Session(ctx, kept.Cookie)
	if Rejected(err) {
		_, ferr := k.Store.Forget(k.Generator)
		return kept, info, errors.Join(err, ferr)
	}
	if err == nil {
		kept.EndsAt = k.endsAt(info)
	}
	return kept, info, err
}

// Refused forgets the kept session when cookie is it: a token request
// with it was rejected. forgotten says whether there was one to forget.
func (k *Keeper) Refused(cookie string) (forgotten bool, err error) {
	cur, err := k.Store.Load(k.Generator)
	if err != nil || cur.Cookie != cookie {
		return false, nil
	}
	_, err = k.Store.Forget(k.Generator)
	return true, err
}

// Forget removes the kept session, wherever it is kept, and says where
// it was: a zero Place when nothing was kept.
func (k *Keeper) Forget() (Place, error) { return k.Store.Forget(k.Generator) }

// Unreadable says why a kept session could not be read: a keyring that
// did not answer, or a store that failed. "" when there is simply none (a
// keyring that is not there holds none either), or for an *EndedError.
func Unreadable(err error) string {
	var ke *KeyringError
	switch {
	case errors.As(err, &ke) && ke.Timeout > 0:
		return "could not read the kept session: " + ke.Error()
	case err == nil || errors.Is(err, ErrNotKept):
		return ""
	}
	return "could not read the kept session: " + err.Error()
}

// Rejected reports the generator's no to a session: none, ended, or
// inactive. A failure to ask is not a no.
func Rejected(err error) bool {
	var nl *flows.NotLoggedInError
	return errors.As(err, &nl) && nl.Rejected
}
