package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"

	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/session"
)

// Where a run's generator session came from.
const (
	fromFile = "--session-file"
	fromEnv  = "ENTRATOKEN_SESSION"
	fromKept = "kept"
)

// sessions is the generator session's side of an app: the keeper, and
// what this run learnt about the session while picking it.
type sessions struct {
	keeper *session.Keeper
	// from says where the run's session came from: fromFile, fromEnv,
	// fromKept, or "" (none, or the sandbox's demo session).
	from string
	// note is why no kept session could be used, for stderr; "" if none.
	note string
}

// newKeeper builds the keeper for ENTRATOKEN_SESSION_STORE, else the
// config's session_store. Under --sandbox it keeps in memory only: the
// user's kept session is never read or written there.
func (a *app) newKeeper(sandboxed bool) (*session.Keeper, error) {
	var store session.Store = &session.Memory{}
	if !sandboxed {
		name, setting := a.cfg.SessionStore, "session_store"
		if v := a.getenv("ENTRATOKEN_SESSION_STORE"); v != "" {
			name, setting = v, "ENTRATOKEN_SESSION_STORE"
		}
		kind, err := session.ParseKind(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", setting, err)
		}
		dir, derr := session.DefaultDir(runtime.GOOS, a.getenv)
		if derr != nil && kind == session.KindFile {
			return nil, derr
		}
		if store, err = session.Open(kind, dir); err != nil {
			return nil, err
		}
	}
	return &session.Keeper{Store: store, Generator: a.cfg.GeneratorURL, Checker: a.gen}, nil
}

// runSession is the session for a run without --session-file:
// ENTRATOKEN_SESSION (or the sandbox's demo session), else the kept one.
func (a *app) runSession() string {
	if a.session != "" {
		return a.session
	}
	kept, err := a.sess.keeper.Kept()
	if err != nil {
		a.sess.note = keptProblem(err)
		return ""
	}
	a.sess.from = fromKept
	return kept.Cookie
}

// keptProblem says why a kept session could not be used; "" when there
// simply is none (a keyring that is not there holds none either).
func keptProblem(err error) string {
	var ended *session.EndedError
	if errors.As(err, &ended) {
		return ended.Error() + ", so it is forgotten"
	}
	return session.Unreadable(err)
}

// settleSession applies what an OBO request through the generator taught
// about its session: a kept session it rejected is forgotten; a session
// given for this run (ENTRATOKEN_SESSION, --session-file) that worked is
// kept, so later runs need neither. Keeping costs one read of the store
// when the session is kept already, else one GET /oauth2/session and one
// write.
func (a *app) settleSession(ctx context.Context, req flows.Request, err error, stderr io.Writer) {
	if req.Flow != flows.OBO || req.Via != flows.ViaGenerator {
		return
	}
	if a.sess.note != "" {
		fmt.Fprintf(stderr, "%s: %s\n", programName, a.sess.note)
	}
	switch {
	case session.Rejected(err):
		forgot, ferr := a.sess.keeper.Refused(req.Session)
		if ferr != nil {
			fmt.Fprintf(stderr, "%s: could not forget the rejected session: %s\n", programName, flows.Redact(ferr.Error(), req.Session))
		} else if forgot {
			fmt.Fprintf(stderr, "%s: azure-token-generator no longer accepts the kept session, so it is forgotten; `%s login` logs in again\n", programName, programName)
		}
	case err == nil && (a.sess.from == fromEnv || a.sess.from == fromFile):
		kept, adopted, rerr := a.sess.keeper.Remember(ctx, req.Session)
		switch {
		case rerr != nil:
			progress(stderr, "the session was not kept for later runs: "+flows.Redact(rerr.Error(), req.Session))
		case adopted:
			noticeFallback(stderr, kept.Place)
			progress(stderr, "kept the session from "+a.sess.from+" in "+kept.Place.String()+" for later runs")
		}
	}
}

// noticeFallback says, in one line, that the keyring could not be used
// and the session went to a file.
func noticeFallback(stderr io.Writer, p session.Place) {
	if p.Fallback != "" {
		fmt.Fprintf(stderr, "%s: %s; the session is kept in %s instead, readable only by you\n", programName, p.Fallback, p.Path)
	}
}
