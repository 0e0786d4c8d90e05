package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
)

// fieldLine is the form's line for a field.
func fieldLine(t *testing.T, view, name string) string {
	t.Helper()
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, name+" ") {
			return l
		}
	}
	t.Fatalf("no %s line:\n%s", name, view)
	return ""
}

// tab takes a suggestion on show, as fish and zsh do, and moves on; the
// suggestion reads as one without colour ("tab: dev-gcp"), not as text
// typed into the field.
func TestFormTabTakesTheSuggestion(t *testing.T) {
	h := newHarness(t, nil)
	h.press("a")
	h.typeText("dev")
	line := fieldLine(t, h.view(), "Cluster")
	if !strings.Contains(line, "tab: dev-gcp") || strings.Contains(line, "dev-gcp  tab") {
		t.Fatalf("the suggestion is not marked as one: %q", line)
	}
	h.press("tab")
	if got := h.m.form.inputs[fCluster].Value(); got != "dev-gcp" || h.m.form.focus != fNamespace {
		t.Fatalf("after tab: cluster %q, focus %d", got, h.m.form.focus)
	}
	h.typeText("team")
	h.press("tab") // nothing suggested: tab only moves
	h.typeText("app")
	h.press("ctrl+s")
	if len(h.store.added) != 1 || h.store.added[0].Target != target("dev-gcp:team:app") {
		t.Fatalf("saved %v", h.store.added)
	}
}

// The focused field and the filter show a cursor without colour: reverse
// video, which NO_COLOR (the ASCII profile here) keeps.
func TestCursorShowsWithoutColour(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("/")
	if !strings.Contains(h.view(), "\x1b[7m \x1b[27m") {
		t.Fatalf("no cursor in the filter:\n%q", h.view())
	}
	h.press("esc", "a")
	h.typeText("de")
	if line := fieldLine(t, h.view(), "Cluster"); !strings.Contains(line, "de\x1b[7m \x1b[27m") {
		t.Fatalf("no cursor in the form: %q", line)
	}
}

// Typed key by key or pasted, a target that does not parse gets the same
// message, naming the wrong part.
func TestFormTypedTargetSaysWhatAPasteSays(t *testing.T) {
	h := newHarness(t, nil)
	h.press("a")
	h.send(paste("dev-gcp:Bad_NS:app"))
	pasted := h.m.form.formErr
	if !strings.Contains(pasted, `namespace "Bad_NS"`) {
		t.Fatalf("paste says %q", pasted)
	}
	h = newHarness(t, nil)
	h.press("a")
	h.typeText("dev-gcp:Bad_NS:app")
	if got := h.m.form.fieldErr(fCluster); got != pasted {
		t.Fatalf("typed: %q\npasted: %q", got, pasted)
	}
	if v := strings.Join(strings.Fields(h.view()), " "); !strings.Contains(v, `namespace "Bad_NS" must be lowercase`) || strings.Contains(v, "cluster must") {
		t.Fatalf("typed target's message:\n%s", h.view())
	}
}

// A note longer than its field shows its start when the field is not
// focused, not the end the cursor last saw.
func TestFormLongNoteShowsItsStart(t *testing.T) {
	note := "The payments API that the checkout team calls for refunds; ask #team-pay before adding roles"
	h := newHarness(t, []config.SavedTarget{{Target: target("dev-gcp:team-pay:payments-api"), Flow: flows.M2M, Note: note}})
	h.press("e")
	line := fieldLine(t, h.view(), "Note")
	if !strings.Contains(line, "The payments API") || !strings.HasSuffix(strings.TrimRight(line, " "), "…") {
		t.Fatalf("the note's line: %q", line)
	}
}

// At 60 columns the form's hints wrap at words instead of being cut.
func TestFormHintsWrapWhenNarrow(t *testing.T) {
	h := newHarness(t, nil)
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.press("a", "tab", "tab", "tab")
	v := h.view()
	if !strings.Contains(v, "(roles, no user)") || !strings.Contains(v, "fills all three.") {
		t.Fatalf("the flow hint at 60 columns:\n%s", v)
	}
}
