package ui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// palette: each colour has a light- and a dark-background variant; the
// renderer picks one, and NO_COLOR (via termenv) drops them all.
var (
	colAccent = lipgloss.AdaptiveColor{Light: "#5A3FC0", Dark: "#A78BFA"}
	colMuted  = lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#9A9A9A"}
	colGreen  = lipgloss.AdaptiveColor{Light: "#0B7A3B", Dark: "#4ADE80"}
	colAmber  = lipgloss.AdaptiveColor{Light: "#9A5B00", Dark: "#FBBF24"}
	colRed    = lipgloss.AdaptiveColor{Light: "#B3261E", Dark: "#F87171"}
	colBlue   = lipgloss.AdaptiveColor{Light: "#1D4ED8", Dark: "#60A5FA"}
	colBadge  = lipgloss.AdaptiveColor{Light: "#FFFFFF", Dark: "#1A1A1A"}
)

// styles is every style the UI uses, built once so screens never invent
// colours of their own.
type styles struct {
	title, banner, session lipgloss.Style
	header, userBadge      lipgloss.Style
	appBadge               lipgloss.Style
	muted, bold, accent    lipgloss.Style
	levels                 [4]lipgloss.Style // indexed by level
	errWhat, label         lipgloss.Style
	snippet, link          lipgloss.Style
	claimName, tableHead   lipgloss.Style
	status, statusErr      lipgloss.Style
	rowTitle, rowDesc      lipgloss.Style
	selTitle, selDesc      lipgloss.Style
	match                  lipgloss.Style
	formLabel, formFocus   lipgloss.Style
	fieldErr, choice       lipgloss.Style
	help, cursor           lipgloss.Style
	good, bad              lipgloss.Style // a verdict: ✓, ✗
}

func newStyles() styles {
	s := styles{}
	s.title = lipgloss.NewStyle().Bold(true).Foreground(colAccent)
	s.banner = lipgloss.NewStyle().Bold(true).Foreground(colBadge).Background(colAmber).Padding(0, 1)
	s.session = lipgloss.NewStyle().Foreground(colGreen)
	s.header = lipgloss.NewStyle().Bold(true)
	s.userBadge = lipgloss.NewStyle().Bold(true).Foreground(colBadge).Background(colBlue).Padding(0, 1)
	s.appBadge = lipgloss.NewStyle().Bold(true).Foreground(colBadge).Background(colAccent).Padding(0, 1)
	s.muted = lipgloss.NewStyle().Foreground(colMuted)
	s.bold = lipgloss.NewStyle().Bold(true)
	s.accent = lipgloss.NewStyle().Foreground(colAccent)
	s.levels = [4]lipgloss.Style{
		levelFresh:   lipgloss.NewStyle().Bold(true).Foreground(colGreen),
		levelWarn:    lipgloss.NewStyle().Bold(true).Foreground(colAmber),
		levelDanger:  lipgloss.NewStyle().Bold(true).Foreground(colRed),
		levelExpired: lipgloss.NewStyle().Bold(true).Foreground(colRed),
	}
	s.errWhat = lipgloss.NewStyle().Bold(true).Foreground(colRed)
	s.label = lipgloss.NewStyle().Bold(true).Foreground(colAccent)
	s.snippet = lipgloss.NewStyle().Border(lipgloss.NormalBorder(), false, false, false, true).BorderForeground(colMuted).PaddingLeft(1)
	s.link = lipgloss.NewStyle().Underline(true).Foreground(colBlue)
	s.claimName = lipgloss.NewStyle().Bold(true).Foreground(colAccent)
	s.tableHead = lipgloss.NewStyle().Bold(true).Foreground(colMuted)
	s.status = lipgloss.NewStyle().Foreground(colGreen)
	s.statusErr = lipgloss.NewStyle().Foreground(colRed)
	s.rowTitle = lipgloss.NewStyle().PaddingLeft(2)
	s.rowDesc = lipgloss.NewStyle().PaddingLeft(2).Foreground(colMuted)
	bar := lipgloss.NewStyle().Border(lipgloss.NormalBorder(), false, false, false, true).BorderForeground(colAccent).PaddingLeft(1)
	s.selTitle = bar.Bold(true).Foreground(colAccent)
	s.selDesc = bar.Foreground(colAccent)
	s.match = lipgloss.NewStyle().Underline(true)
	s.formLabel = lipgloss.NewStyle().Width(16).Foreground(colMuted)
	s.formFocus = lipgloss.NewStyle().Width(16).Bold(true).Foreground(colAccent)
	s.fieldErr = lipgloss.NewStyle().Foreground(colRed)
	s.choice = lipgloss.NewStyle().Bold(true).Foreground(colAccent)
	s.help = lipgloss.NewStyle().Foreground(colMuted)
	s.good = lipgloss.NewStyle().Bold(true).Foreground(colGreen)
	s.bad = lipgloss.NewStyle().Bold(true).Foreground(colRed)
	// The cursor is reverse video whatever the colour profile: Lip Gloss
	// drops every attribute under NO_COLOR, reverse included, and left the
	// form and the filter without a visible cursor. NO_COLOR is about
	// colour; reverse video is how a terminal shows its own cursor.
	s.cursor = lipgloss.NewStyle().Transform(func(s string) string { return "\x1b[7m" + s + "\x1b[27m" })
	return s
}

// hyperlink shows url as a clickable OSC 8 link, wrapped to width at its
// slashes and separators (wrapURL) with each line indented and linked on
// its own, so the whole URL stays visible and clickable on narrow
// terminals.
func hyperlink(st styles, url string, width, indent int) string {
	lines := wrapURL(url, max(width-indent, 10))
	pad := strings.Repeat(" ", indent)
	for i, l := range lines {
		lines[i] = pad + ansi.SetHyperlink(url, "id=entratoken") + st.link.Render(l) + ansi.ResetHyperlink()
	}
	return strings.Join(lines, "\n")
}
