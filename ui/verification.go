package ui

import (
	"cmp"
	"context"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/entratoken/entratoken/flows"
	"github.com/entratoken/entratoken/flows/verify"
)

// The verification line, under the token screen's badge, says whether the
// token on screen can be trusted: its signature checked with its issuer's
// published keys, and its issuer one we trust. Expiry is the countdown's
// to say: for a token that has expired the line stays about trust
// ("signature ✓" still), and names the validity window only when the
// countdown cannot (not valid yet, issued in the future). The check runs
// in the background, so the token is on screen at once and the line
// follows. The line changes twice, when the check starts and when it
// ends, and schedules nothing: no spinner, no ticks of its own.

// verifyTimeout bounds a check: the discovery document, the keys and, for
// a key the issuer has just rotated in, the keys once more, each request
// also bound by the HTTP client's own timeout.
const verifyTimeout = 30 * time.Second

// refused follows an invalid verdict where there is room: a token that
// fails a check is one the API refuses (verify.Invalid).
const refused = " · APIs will refuse this token"

// verification is the token screen's check of its token; report is nil
// while the check runs.
type verification struct {
	run    *checkRun
	report *verify.Report
}

// checkRun is one check. Its address tells its result from that of a
// check of a token no longer on screen.
type checkRun struct{ cancel context.CancelFunc }

// verifiedMsg is a finished check.
type verifiedMsg struct {
	run    *checkRun
	report verify.Report
}

// setToken puts t on screen (a new token screen, or the token shown with
// a refreshed token in place) and starts checking its token. A check still
// running for the token it replaces is cancelled, and its result, when it
// comes, dropped.
func (m *Model) setToken(t tokenScreen) tea.Cmd {
	if old := m.token.check.run; old != nil {
		old.cancel()
	}
	ctx, cancel := context.WithTimeout(context.Background(), verifyTimeout)
	run := &checkRun{cancel: cancel}
	t.check = verification{run: run}
	m.token = t
	v, tok := m.sh.d.Verifier, t.res.Token
	return func() tea.Msg {
		defer cancel()
		return verifiedMsg{run: run, report: v.Verify(ctx, tok, verify.Expect{})}
	}
}

// take shows a check's result if the check is this token's.
func (c *verification) take(msg verifiedMsg) {
	if msg.run == c.run {
		c.report = &msg.report
	}
}

// view is the verification line for tok, at most width wide: a shorter
// line rather than a wrapped one, whose words carry its meaning without
// colour (NO_COLOR).
func (c verification) view(st styles, tok *flows.Token, width int) string {
	if c.report == nil {
		return verdictLine(width, st.muted.Render("checking the signature…"), "", st.muted, "")
	}
	r := *c.report
	if !tok.ExpiresAt.IsZero() && !r.CheckedAt.Before(tok.ExpiresAt) {
		r = r.Without(verify.CheckExpiry) // the countdown says "expired"
	}
	switch r.State {
	case verify.Valid:
		return verdictLine(width, st.bold.Render("signature")+" "+st.good.Render("✓"), cmp.Or(r.Signer(), "valid"), lipgloss.NewStyle(), "")
	case verify.Invalid:
		return verdictLine(width, st.bad.Render("✗"), cmp.Or(r.Reason(), "invalid"), st.bad, st.muted.Render(refused))
	}
	return verdictLine(width, st.muted.Render("signature"), r.Summary(), st.muted, "")
}

// verdictLine is head, then body in its style, shortened at its words to
// fit width, then tail where it fits whole.
func verdictLine(width int, head, body string, style lipgloss.Style, tail string) string {
	line := head
	if body != "" {
		line += " " + style.Render(fitWords(body, width-ansi.StringWidth(head)-1))
	}
	if ansi.StringWidth(line+tail) <= width {
		line += tail
	}
	return line
}

// fitWords is s if it fits width, else as many of its words as fit
// followed by "…".
func fitWords(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	out := ""
	for _, w := range strings.Fields(s) {
		next := strings.TrimPrefix(out+" "+w, " ")
		if ansi.StringWidth(next)+1 > width {
			break
		}
		out = next
	}
	return out + "…"
}
