package ui

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/list"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
)

// targetItem is one saved target in the list; the filter matches its name
// and note, the app first so that a match there ranks highest.
type targetItem struct{ st config.SavedTarget }

func (i targetItem) FilterValue() string {
	t := i.st.Target
	return t.App + " " + t.Namespace + " " + t.Cluster + " " + i.st.Note
}

// targetDelegate draws two lines per target. It carries now, the cached
// expiries and the expiry margin so rows can say how long a cached token
// has left.
type targetDelegate struct {
	st     *styles
	now    time.Time
	cached cachedMsg
	margin time.Duration // config.ExpiryMargin: the broker hands out no token closer to expiry
}

func (d targetDelegate) Height() int                         { return 2 }
func (d targetDelegate) Spacing() int                        { return 1 }
func (d targetDelegate) Update(tea.Msg, *list.Model) tea.Cmd { return nil }

func (d targetDelegate) Render(w io.Writer, m list.Model, index int, item list.Item) {
	st := item.(targetItem).st
	title, desc := d.st.rowTitle, d.st.rowDesc
	if index == m.Index() {
		title, desc = d.st.selTitle, d.st.selDesc
	}
	width := m.Width() - 3
	line1 := rowTitle(d.st.bold.Render(st.Target.App), st.Target.Cluster+"/"+st.Target.Namespace, d.cacheParts(st.Target), width)
	line2 := flowLabel(st)
	if st.Note != "" {
		line2 += " · " + st.Note
	}
	fmt.Fprint(w, title.Render(line1)+"\n"+desc.Render(truncate(line2, width)))
}

// rowTitle is a row's first line: the app and where it runs on the left,
// the cache badge on the right, two spaces apart at least. Where that does
// not fit, where it runs goes first, then the badge's second half, so the
// badge never runs into the name.
func rowTitle(app, where string, badge []string, width int) string {
	left := app + "  " + where
	right := strings.Join(badge, " · ")
	fits := func() bool { return lipgloss.Width(left)+2+lipgloss.Width(right) <= width }
	if !fits() {
		left = app
	}
	if !fits() && len(badge) > 1 {
		right = badge[0]
	}
	if right == "" || !fits() {
		return truncate(left, width)
	}
	return left + strings.Repeat(" ", width-lipgloss.Width(left)-lipgloss.Width(right)) + right
}

// cacheParts are "M2M 52 min left" and "OBO 12 min left" for cached tokens.
func (d targetDelegate) cacheParts(t flows.Target) []string {
	e, ok := d.cached[t]
	if !ok {
		return nil
	}
	var parts []string
	if !e.m2m.IsZero() && e.m2m.After(d.now) {
		parts = append(parts, d.timeLeft("M2M", e.m2m))
	}
	if !e.obo.IsZero() && e.obo.After(d.now) {
		parts = append(parts, d.oboLeft(e.obo))
	}
	return parts
}

// timeLeft is "M2M 52 min left", coloured as the countdown would be.
func (d targetDelegate) timeLeft(name string, exp time.Time) string {
	left := name + " " + strings.TrimPrefix(flows.Relative(exp, d.now), "in ") + " left"
	return d.st.levels[levelOf(exp.Sub(d.now))].Render(left)
}

// oboLeft is the OBO token's time left, or "OBO expiring" once it is under
// the expiry margin: the broker will not hand it out, so the next OBO run
// needs the session (or a login), not this token.
func (d targetDelegate) oboLeft(exp time.Time) string {
	left := exp.Sub(d.now)
	if left >= d.margin {
		return d.timeLeft("OBO", exp)
	}
	return d.st.levels[max(levelOf(left), levelWarn)].Render("OBO expiring")
}

// containsFilter keeps the targets whose name or note contains every word
// typed, so "dp-soknad" shows dp-soknad rather than every fuzzy match. The
// earlier the first word matches, the higher the rank: a match in the app
// name beats one in the namespace, cluster or note.
func containsFilter(term string, values []string) []list.Rank {
	words := strings.Fields(strings.ToLower(term))
	type match struct{ index, at int } // at: where the first word matched
	var found []match
	for i, v := range values {
		v = strings.ToLower(v)
		if slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(v, w) }) {
			continue
		}
		m := match{index: i}
		if len(words) > 0 {
			m.at = strings.Index(v, words[0])
		}
		found = append(found, m)
	}
	slices.SortStableFunc(found, func(a, b match) int { return a.at - b.at })
	ranks := make([]list.Rank, len(found))
	for i, m := range found {
		ranks[i] = list.Rank{Index: m.index}
	}
	return ranks
}

// flowLabel says what enter does for a target.
func flowLabel(st config.SavedTarget) string {
	switch st.Flow {
	case flows.OBO:
		return "OBO"
	case flows.M2M:
		return "M2M via " + string(st.M2MSource())
	}
	return "asks OBO or M2M"
}

// setCached takes what the token cache holds. Tokens noted in this run stay:
// a pasted token never reaches the cache.
func (t *targetsScreen) setCached(c cachedMsg) {
	t.fromCache = c
	t.del.cached = laterOf(c, t.noted)
	t.list.SetDelegate(t.del)
}

// noteToken records a token just fetched or pasted, so the list shows its
// time left without asking the cache again. Only a fetched one (fetched)
// says which audience the target's tokens have.
func (t *targetsScreen) noteToken(req flows.Request, tok *flows.Token, fetched bool) {
	noted := laterOf(t.noted, nil) // a copy: older models share the map
	e := noted[req.Target]
	if fetched {
		e.aud = tok.Claim("aud")
	}
	if req.Flow == flows.OBO {
		e.obo = tok.ExpiresAt
	} else {
		e.m2m = tok.ExpiresAt
	}
	noted[req.Target] = e
	t.noted = noted
	t.setCached(t.fromCache)
}

// laterOf merges two sets of expiries, keeping the later one of each flow.
func laterOf(a, b cachedMsg) cachedMsg {
	out := make(cachedMsg, len(a)+len(b))
	maps.Copy(out, a)
	for k, v := range b {
		e := out[k]
		if v.m2m.After(e.m2m) {
			e.m2m = v.m2m
		}
		if v.obo.After(e.obo) {
			e.obo = v.obo
		}
		if v.aud != "" {
			e.aud = v.aud
		}
		out[k] = e
	}
	return out
}

// audience is the aud of the tokens fetched for target, in this run or
// from the cache; "" when none was seen.
func (t targetsScreen) audience(target flows.Target) string { return t.del.cached[target].aud }

// showsBadge is whether some saved target has a token with time left at
// now, so the list has a "n min left" to keep fresh.
func (t targetsScreen) showsBadge(now time.Time) bool {
	for _, st := range t.saved() {
		if e, ok := t.del.cached[st.Target]; ok && (e.m2m.After(now) || e.obo.After(now)) {
			return true
		}
	}
	return false
}
