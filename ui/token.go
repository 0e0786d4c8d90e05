package ui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
)

// What the status line calls each copy; the first two are credentials and
// get cleared from the clipboard.
const (
	whatToken  = "token"
	whatBearer = "Authorization header"
	whatClaims = "claims as JSON"
)

// bigCountdownHeight is the body height from which the countdown is drawn
// three rows high.
const bigCountdownHeight = 18

// tokenScreen shows one token: who it is for and about, the countdown, the
// claims and the (masked) token itself.
type tokenScreen struct {
	sh            *shared
	target        config.SavedTarget
	res           flows.Result
	rows          []flows.ClaimRow // the token's claims; they never change
	source        string           // where it came from, as the header says
	pasted        bool             // brought back from the browser, not fetched
	revealed      bool
	vp            viewport.Model
	tableKey      string // the table's width and times in words as last drawn
	width, height int
	aboveMargin   bool // for auto-refresh: it fires when this turns false
	keys          tokenKeys
	armed         string       // a copy key pressed once on an expired token
	check         verification // the token's verification line
}

func newTokenScreen(sh *shared, t config.SavedTarget, res flows.Result, source string, width, height int, now time.Time) tokenScreen {
	if source == "" {
		source = string(res.Request.Via)
		if res.FromCache {
			source += ", cached"
		}
	}
	s := tokenScreen{sh: sh, target: t, res: res, rows: res.Token.Rows(), source: source, keys: newTokenKeys()}
	s.aboveMargin = res.Token.TimeLeft(now) >= sh.d.Config.ExpiryMargin
	s.setSize(width, height, now)
	return s
}

// replace shows a refreshed token in place, keeping the scroll position.
func (t tokenScreen) replace(res flows.Result, now time.Time) tokenScreen {
	t.res, t.rows, t.tableKey = res, res.Token.Rows(), ""
	t.aboveMargin = res.Token.TimeLeft(now) >= t.sh.d.Config.ExpiryMargin
	t.setContent(now)
	return t
}

// fixedHeight is everything but the scrolling table.
func (t tokenScreen) fixedHeight() int {
	countdown := 2
	if t.height >= bigCountdownHeight {
		countdown = 4
	}
	return 3 + 1 + countdown + 1 + 1 + 1 + 1 // header, badge and verification, gap, countdown, gap, table head, gap, token line
}

func (t *tokenScreen) setSize(w, h int, now time.Time) {
	if t.res.Token == nil {
		return
	}
	t.width, t.height = w, h
	t.vp = viewport.New(w, max(h-t.fixedHeight(), 1))
	t.tableKey = ""
	t.setContent(now)
}

// setContent fills the viewport with the claims table (or the revealed
// token). The table is drawn again only when its text would change: its
// times in words move once a minute, while the countdown ticks every
// second, and drawing the table is most of a frame's work.
func (t *tokenScreen) setContent(now time.Time) {
	if t.revealed {
		t.tableKey = ""
		t.vp.SetContent(ansi.Hardwrap(t.res.Token.Raw, t.width, false))
		return
	}
	key := fmt.Sprint(t.width)
	for _, r := range t.rows {
		if !r.Time.IsZero() {
			key += "|" + tableWhen(r.Time, now)
		}
	}
	if key == t.tableKey {
		return
	}
	t.tableKey = key
	t.vp.SetContent(claimsTable(t.sh.st, t.rows, now, t.width))
}

// tick moves the countdown on and says whether a fetched token has just
// crossed the expiry margin and should be refreshed (an OBO token through
// the session, if there still is one).
func (t tokenScreen) tick(now time.Time, cfg *config.Config) (tokenScreen, bool) {
	t.setContent(now)
	above := t.res.Token.TimeLeft(now) >= cfg.ExpiryMargin
	crossed := t.aboveMargin && !above
	t.aboveMargin = above
	return t, crossed && cfg.AutoRefresh && !t.pasted
}

// untilNextSecond times the next tick to when the countdown's seconds
// change.
func (t tokenScreen) untilNextSecond(now time.Time) time.Duration {
	left := t.res.Token.TimeLeft(now)
	if d := left % time.Second; left > 0 && d > 0 {
		return d + 5*time.Millisecond
	}
	return time.Second
}

func (t tokenScreen) update(msg tea.KeyMsg) (tokenScreen, tea.Msg) {
	raw := t.res.Token.Raw
	armed := t.armed
	t.armed = ""
	switch {
	case key.Matches(msg, t.keys.Copy, t.keys.Bearer) && t.expired() && armed != msg.String():
		// An expired token is copied only on a second press: pasted into
		// curl, it would fail far from here.
		t.armed = msg.String()
		return t, noticeMsg{"the token has expired: r gets a fresh one; press " + msg.String() + " again to copy it anyway"}
	case key.Matches(msg, t.keys.Copy):
		return t, copyMsg{what: whatToken, text: raw}
	case key.Matches(msg, t.keys.Bearer):
		return t, copyMsg{what: whatBearer, text: "Authorization: Bearer " + raw}
	case key.Matches(msg, t.keys.JSON):
		return t, copyMsg{what: whatClaims, text: t.res.Token.ClaimsJSON()}
	case key.Matches(msg, t.keys.Refresh):
		return t, runMsg{target: t.target, flow: t.res.Request.Flow, fresh: true}
	case key.Matches(msg, t.keys.Reveal):
		t.revealed = !t.revealed
		t.setContent(t.sh.d.Clock.Now())
		t.vp.GotoTop()
	case key.Matches(msg, t.keys.Up):
		if msg.String() == "pgup" {
			t.vp.PageUp()
		} else {
			t.vp.ScrollUp(1)
		}
	case key.Matches(msg, t.keys.Down):
		if k := msg.String(); k == "down" || k == "j" {
			t.vp.ScrollDown(1)
		} else {
			t.vp.PageDown()
		}
	case key.Matches(msg, t.keys.Back):
		return t, backMsg{}
	}
	return t, nil
}

func (t tokenScreen) view(now time.Time) string {
	st, tok := t.sh.st, t.res.Token
	head := st.header.Render(t.target.Target.String()) + st.muted.Render(" · ") + strings.ToUpper(string(t.res.Request.Flow))
	source := " · from " + t.source
	if lipgloss.Width(head+source) > t.width {
		source = " · " + t.source // the words that matter come last: keep them
	}
	head += st.muted.Render(source)
	parts := []string{truncate(head, t.width), truncate(badge(st, tok), t.width), t.check.view(st, tok, t.width), ""}
	parts = append(parts, countdownView(st, tok.ExpiresAt, tok.Lifetime(), now, t.width, t.height >= bigCountdownHeight), "")
	if t.revealed {
		parts = append(parts, st.tableHead.Render("THE TOKEN (v hides it; c copies it)"))
	} else {
		parts = append(parts, tableHead(st, t.rows, t.width))
	}
	parts = append(parts, t.vp.View(), truncate(t.scrollHint(), t.width), truncate(t.tokenLine(), t.width))
	return strings.Join(parts, "\n")
}

// scrollHint says that the table goes on and how to get there; blank when
// it all fits.
func (t tokenScreen) scrollHint() string {
	if t.vp.TotalLineCount() <= t.vp.Height {
		return ""
	}
	return t.sh.st.muted.Render(fmt.Sprintf("↑/↓ pgup/pgdn scroll · %d%%", int(t.vp.ScrollPercent()*100)))
}

// badge says whom the token is about: the user, or the calling app.
func badge(st styles, tok *flows.Token) string {
	if tok.IsApp() {
		s := st.appBadge.Render("app") + " " + st.bold.Render(orDash(tok.Claim("azp_name")))
		if roles := tok.Strings("roles"); len(roles) > 0 {
			s += st.muted.Render(" · roles ") + strings.Join(roles, ", ")
		}
		return s
	}
	return st.userBadge.Render("user") + " " + st.bold.Render(orDash(tok.Claim("NAVident"))) + " " + tok.Claim("name")
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// expired is whether the token's exp has passed.
func (t tokenScreen) expired() bool {
	tok := t.res.Token
	return !tok.ExpiresAt.IsZero() && tok.TimeLeft(t.sh.d.Clock.Now()) <= 0
}

// tokenLine shows the token masked: its first characters (the public JOSE
// header, the same for every token) and its last (the end of the
// signature, which differs from one token to the next, so a new token is
// seen to be new), then its length and keys as far as the width allows.
func (t tokenScreen) tokenLine() string {
	st, raw := t.sh.st, t.res.Token.Raw
	if t.revealed {
		return st.muted.Render(fmt.Sprintf("%d characters", len(raw)))
	}
	line := st.label.Render("token ") + raw[:min(12, len(raw))] + strings.Repeat("•", 12)
	if len(raw) > 30 {
		line += raw[len(raw)-6:]
	}
	for i, part := range []string{fmt.Sprintf("%d characters", len(raw)), "v reveals", "c copies"} {
		sep := " · "
		if i == 0 {
			sep = "  "
		}
		if lipgloss.Width(line+sep+part) > t.width {
			break
		}
		line += st.muted.Render(sep + part)
	}
	return line
}

func (t tokenScreen) keyMap() help.KeyMap {
	k := t.keys
	scrolls := t.vp.TotalLineCount() > t.vp.Height
	k.Up.SetEnabled(scrolls && !t.vp.AtTop())
	k.Down.SetEnabled(scrolls && !t.vp.AtBottom())
	if t.revealed {
		k.Reveal.SetHelp("v", "mask")
	}
	return k
}

// columns splits the width between claim, value and meaning: the names
// as wide as the longest (at most 18), values room for a GUID when there is
// space, the meaning the rest.
func columns(rows []flows.ClaimRow, width int) (name, value, meaning int) {
	name = len("CLAIM")
	for _, r := range rows {
		name = max(name, len(r.Name))
	}
	name = min(name, 18)
	rest := width - name - 4
	value = min(max(rest/2, 38), rest*3/5)
	return name, value, rest - value
}

func tableHead(st styles, rows []flows.ClaimRow, width int) string {
	nw, vw, _ := columns(rows, width)
	return st.tableHead.Render(fmt.Sprintf("%-*s  %-*s  %s", nw, "CLAIM", vw, "VALUE", "MEANING"))
}

// claimsTable draws each claim with its value and meaning, wrapping long
// values; times read as local time plus how long ago or until.
func claimsTable(st styles, rows []flows.ClaimRow, now time.Time, width int) string {
	nw, vw, mw := columns(rows, width)
	nameCol := st.claimName.Width(nw)
	valCol := lipgloss.NewStyle().Width(vw)
	meanCol := st.muted.Width(mw)
	lines := make([]string, 0, len(rows))
	for _, r := range rows {
		v := r.Value
		if !r.Time.IsZero() {
			v = tableWhen(r.Time, now)
		}
		lines = append(lines, lipgloss.JoinHorizontal(lipgloss.Top,
			nameCol.Render(truncate(r.Name, nw)), "  ", valCol.Render(wrapValue(v, vw)), "  ", meanCol.Render(r.Meaning)))
	}
	return strings.Join(lines, "\n")
}
