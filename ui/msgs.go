package ui

import (
	"context"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
)

// Messages. The first group are intents: a screen's update returns one and
// the root acts on it at once. The second group carries the results of
// commands.
type (
	// runMsg asks to get a token for a saved target.
	runMsg struct {
		target config.SavedTarget
		flow   flows.Flow
		fresh  bool
	}
	chooseMsg struct{ target config.SavedTarget } // open the flow chooser
	formMsg   struct{ edit *config.SavedTarget }  // open the form; nil adds
	backMsg   struct{}                            // back to the target list
	saveMsg   struct {
		old *flows.Target
		t   config.SavedTarget
	} // the form's save
	removeMsg  struct{ t flows.Target }    // a confirmed delete
	retryMsg   struct{}                    // rerun the last request
	copyMsg    struct{ what, text string } // copy text, say what it was
	openURLMsg struct{ url string }        // open the browser

	// resultMsg is a finished Get; gen tells a current run from a cancelled one.
	resultMsg struct {
		gen  int
		req  flows.Request // what was asked, with the session it was asked with
		res  flows.Result
		err  error
		auto bool // an auto-refresh, which keeps the token screen up
	}
	tickMsg struct{ seq int }
	pollMsg struct {
		seq  int
		text string
		err  error
	}
	copiedMsg struct {
		what, text, method string
		clearAt            time.Time // the clear promised; zero: none
		err                error
	}
	clearClipMsg   struct{ seq int }
	clipClearedMsg struct{ err error }
	statusFadeMsg  struct{ seq int }
	browserMsg     struct{ err error }
	// savedMsg is a finished save or delete; seq tells the form's current
	// save from one it no longer waits for.
	savedMsg struct {
		seq int
		old *flows.Target
		t   config.SavedTarget
		del bool
		err error
	}
	// cachedMsg is when each target's cached tokens expire.
	cachedMsg map[flows.Target]cachedExp
)

// cachedExp is when a target's cached tokens expire (zero: none cached),
// and the audience (aud) its fetched tokens were issued for.
type cachedExp struct {
	m2m, obo time.Time
	aud      string
}

// afterFunc schedules msg after d. It is a field of the model so tests can
// fire timers by hand instead of sleeping.
type afterFunc func(d time.Duration, msg tea.Msg) tea.Cmd

func realAfter(d time.Duration, msg tea.Msg) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return msg })
}

func getCmd(ctx context.Context, t Tokens, gen int, req flows.Request, auto bool) tea.Cmd {
	return func() tea.Msg {
		res, err := t.Get(ctx, req)
		return resultMsg{gen: gen, req: req, res: res, err: err, auto: auto}
	}
}

func copyCmd(c Clipboard, what, text string, clearAt time.Time) tea.Cmd {
	return func() tea.Msg {
		method, err := c.Write(text, clearAt)
		return copiedMsg{what: what, text: text, method: method, clearAt: clearAt, err: err}
	}
}

func clearCmd(c Clipboard, text string) tea.Cmd {
	return func() tea.Msg { return clipClearedMsg{err: c.ClearIfUnchanged(text)} }
}

func readClipCmd(c Clipboard, seq int) tea.Cmd {
	return func() tea.Msg {
		text, err := c.Read()
		return pollMsg{seq: seq, text: text, err: err}
	}
}

func openCmd(b Browser, url string) tea.Cmd {
	return func() tea.Msg { return browserMsg{err: b.Open(url)} }
}

func saveCmd(s TargetStore, seq int, old *flows.Target, t config.SavedTarget) tea.Cmd {
	return func() tea.Msg {
		var err error
		if old == nil {
			err = s.AddTarget(t)
		} else {
			err = s.UpdateTarget(*old, t)
		}
		return savedMsg{seq: seq, old: old, t: t, err: err}
	}
}

func removeCmd(s TargetStore, seq int, t flows.Target) tea.Cmd {
	return func() tea.Msg {
		return savedMsg{seq: seq, old: &t, del: true, err: s.RemoveTarget(t)}
	}
}

// cachedCmd looks up cached tokens for every target; the broker's Cached
// does no network I/O but may read the cache from disk.
func cachedCmd(tk Tokens, targets []config.SavedTarget, session string) tea.Cmd {
	return func() tea.Msg {
		// Two requests a target, M2M then OBO (OBO only with a session).
		reqs := make([]flows.Request, 0, 2*len(targets))
		for _, st := range targets {
			reqs = append(reqs, requestFor(st, flows.M2M, false, ""))
			if session != "" {
				reqs = append(reqs, requestFor(st, flows.OBO, false, session))
			}
		}
		toks := tk.CachedAll(reqs)
		out := cachedMsg{}
		for i, req := range reqs {
			if toks[i] == nil {
				continue
			}
			e := out[req.Target]
			e.aud = toks[i].Claim("aud")
			if req.Flow == flows.OBO {
				e.obo = toks[i].ExpiresAt
			} else {
				e.m2m = toks[i].ExpiresAt
			}
			out[req.Target] = e
		}
		return out
	}
}

// requestFor is the saved target's request (see SavedTarget.Request) with
// the in-memory session and fresh.
func requestFor(st config.SavedTarget, flow flows.Flow, fresh bool, session string) flows.Request {
	req := st.Request(flow, session)
	req.Fresh = fresh
	return req
}

// pollDueMsg says it is time to read the clipboard again.
type pollDueMsg struct{ seq int }

// cancelRunMsg is esc on the running screen.
type cancelRunMsg struct{}

// typedMsg says the login screen got a key of a paste that came as keys;
// typedDoneMsg, typedSettle later, takes the paste if no key came since.
type (
	typedMsg     struct{ seq int }
	typedDoneMsg struct{ seq int }
)

// noticeMsg asks for a warning on the status line, held until the screen
// changes or something else is said.
type noticeMsg struct{ text string }

// pickedMsg is a token or session pasted on the login screen.
type pickedMsg struct{ p flows.Picked }
