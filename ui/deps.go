package ui

import (
	"context"
	"time"

	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/flows/verify"
	"github.com/entratoken/entratoken/session"
)

// Tokens is the part of the token broker the UI needs. The UI calls it only
// from tea.Cmds, never from Update or View, so a slow source never freezes
// the screen.
type Tokens interface {
	// Get fetches (or reuses) a token; it must honour ctx so esc can cancel
	// it, and return the typed errors of package flows.
	Get(ctx context.Context, req flows.Request) (flows.Result, error)
	// Describe says in words what Get is about to do, for the running screen.
	Describe(req flows.Request) string
	// CachedAll returns the cached tokens for reqs (nil where none) without
	// any network I/O and with one read of the cache, so the target list
	// can show how long each has left.
	CachedAll(reqs []flows.Request) []*flows.Token
}

// TargetStore saves edits of the target list; it is config.Store, which
// writes atomically and keeps the file's comments.
type TargetStore interface {
	AddTarget(t config.SavedTarget) error
	UpdateTarget(old flows.Target, t config.SavedTarget) error
	RemoveTarget(t flows.Target) error
}

// Clipboard is where copied tokens go. clip.Clipboard implements it with the
// system clipboard, tmux or OSC 52.
type Clipboard interface {
	// Write copies text and says how (clip.MethodSystem, clip.MethodOSC52,
	// clip.MethodTmux), so the status line can tell the user where the
	// token went and whether it can be cleared after entratoken quits. A
	// non-zero clearAt is the promise that text is cleared then: the
	// clipboard keeps it, and keeps it after the UI ends (clip's HandOff).
	Write(text string, clearAt time.Time) (method string, err error)
	// Read returns the clipboard's text. clip.ErrUnreadable (OSC 52) makes
	// the login screen stop watching and ask for a paste; any other error
	// (an empty clipboard, an image) only means nothing new to take.
	Read() (string, error)
	// ClearIfUnchanged empties the clipboard only if it still holds text, so
	// a later copy by the user is never wiped.
	ClearIfUnchanged(text string) error
}

// Browser opens the generator's login page.
type Browser interface {
	Open(url string) error
}

// Verifier checks a token against its issuer's published keys;
// *verify.Verifier is one. The UI calls it from a tea.Cmd, for every token
// the token screen shows, with a deadline: it must honour ctx, and it
// reports trouble (keys unreachable) in the Report rather than failing.
type Verifier interface {
	Verify(ctx context.Context, tok *flows.Token, want verify.Expect) verify.Report
}

// Clock gives the current time; tests use a fixed one so countdowns and
// relative times are deterministic.
type Clock interface {
	Now() time.Time
}

// SystemClock is the real clock: the wall clock, so that the time a laptop
// slept counts (Go's monotonic clock stops meanwhile) and a clipboard clear
// due during the sleep happens on waking.
type SystemClock struct{}

// Now is the wall-clock time, without Go's monotonic reading.
func (SystemClock) Now() time.Time { return time.Now().Round(0) }

// Keeper keeps the generator session between runs; *session.Keeper is
// one. Its calls read or write the system keyring, where a locked one
// takes seconds to give up, so the UI makes them only from tea.Cmds.
type Keeper interface {
	// Kept is the kept session; session.ErrNotKept (or an
	// *session.EndedError, which it forgot) when there is none to use.
	Kept() (session.Kept, error)
	// Adopt asks the generator about a pasted session and keeps it when
	// accepted.
	Adopt(ctx context.Context, cookie string) (session.Kept, flows.SessionInfo, error)
	// Remember keeps a session given for the run once the generator
	// accepts it, at the cost of one read when it is kept already.
	Remember(ctx context.Context, cookie string) (kept session.Kept, adopted bool, err error)
	// Refused forgets the kept session when it is cookie, which the
	// generator just rejected.
	Refused(cookie string) (forgotten bool, err error)
}

// Deps is everything the UI needs from outside; the UI itself does no I/O.
type Deps struct {
	Tokens    Tokens
	Store     TargetStore
	Clipboard Clipboard
	Browser   Browser
	Clock     Clock
	// Verifier checks each token on the token screen in the background;
	// the verification line there shows what it found.
	Verifier Verifier
	// Config holds the saved targets and the settings the UI honours
	// (ExpiryMargin, ClipboardClear, AutoRefresh, GeneratorURL).
	Config *config.Config
	// Session is a generator session cookie given for this run (the
	// sandbox's demo session or ENTRATOKEN_SESSION); it wins over the kept
	// one. "" means the kept session, else a login for OBO.
	Session string
	// Keeper keeps the generator session between runs (session.Keeper);
	// nil keeps nothing.
	Keeper Keeper
	// Checker asks the generator how long a session lasts (flows.Generator);
	// nil never asks, and the header shows no time left for a given session.
	Checker session.Checker
	// KeptIn is where Keeper keeps a session, for the login screen's
	// words; "" or session.KindNone is memory, this run only.
	KeptIn session.Kind
	// Banner is shown in the title, e.g. "sandbox".
	Banner string
}
