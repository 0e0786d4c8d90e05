package main

import (
	"context"
	"errors"
	"os"

	"github.com/entratoken/entratoken/clip"
	"github.com/entratoken/entratoken/session"
	"github.com/entratoken/entratoken/ui"
)

// loginOnScreen runs the TUI's login screen on its own, for the session
// only: it opens the generator's session login (unless noBrowser), takes
// the cookie from a paste or the clipboard, and ends once the keeper has
// checked and kept it. Giving up is exit 1, ctrl+c 130, a signal 128+n.
func (a *app) loginOnScreen(ctx context.Context, noBrowser bool) (session.Kept, error) {
	freshRenderer()
	model := ui.NewLogin(ui.Deps{
		// Only the login URL is ever copied, and no clear is owed for it.
		Clipboard: clip.New(os.Stdout, a.getenv),
		Browser:   clip.NewBrowser(a.getenv),
		Clock:     ui.SystemClock{},
		Config:    a.cfg,
		Keeper:    a.sess.keeper,
		KeptIn:    a.sess.keeper.Store.Kind(),
		Banner:    a.banner,
	}, a.gen.SessionLoginURL(), !noBrowser)
	final, err := runScreen(ctx, model)
	if err != nil {
		return session.Kept{}, err
	}
	res := final.(ui.LoginModel).Result()
	switch res.Outcome {
	case ui.LoginKept:
		return res.Kept, nil
	case ui.LoginInterrupted:
		// As SIGINT would: ctrl+c reaches the program as a key.
		return session.Kept{}, &exitCodeError{code: exitInterrupted, msg: signalled{os.Interrupt}.Error()}
	}
	msg := "no session kept"
	if res.Problem != "" {
		msg += ": " + res.Problem
	}
	return session.Kept{}, failed(errors.New(msg))
}
