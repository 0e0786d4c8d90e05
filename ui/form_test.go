package ui

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/entratoken/entratoken/config"
	"github.com/entratoken/entratoken/flows"
)

func TestAddTarget(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("a")
	h.wantScreen("form")
	h.typeText("dev-gcp")
	h.press("tab")
	h.typeText("team-x")
	h.press("tab")
	h.typeText("orders-api")
	h.press("tab", "right", "right") // default flow: ask → OBO → M2M
	h.press("tab", "right")          // source: generator → texas
	h.press("tab")
	h.typeText("orders")
	h.press("ctrl+s")
	want := config.SavedTarget{Target: target("dev-gcp:team-x:orders-api"), Flow: flows.M2M, Source: flows.ViaTexas, Note: "orders"}
	if len(h.store.added) != 1 || h.store.added[0] != want {
		t.Fatalf("added %+v, want %+v", h.store.added, want)
	}
	h.wantScreen("targets")
	saved := h.m.targets.saved()
	if len(saved) != 4 || saved[3] != want {
		t.Fatalf("list = %+v", saved)
	}
	if !strings.Contains(h.view(), "added dev-gcp:team-x:orders-api") {
		t.Error("no status")
	}
}

func TestEditTarget(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("e")
	if v := h.view(); !strings.Contains(v, "Edit dev-gcp:team-pay:payments-api") || !strings.Contains(v, "the payments API") {
		t.Fatalf("form not prefilled:\n%s", v)
	}
	h.press("shift+tab") // to the note
	h.typeText("!")
	h.press("enter") // enter on the last field saves
	if len(h.store.updated) != 1 {
		t.Fatalf("updated %v", h.store.updated)
	}
	old, st := h.store.updated[0][0].(flows.Target), h.store.updated[0][1].(config.SavedTarget)
	if old != target("dev-gcp:team-pay:payments-api") || st.Note != "the payments API!" || st.Flow != flows.M2M || st.Source != flows.ViaTexas {
		t.Fatalf("update(%v, %+v)", old, st)
	}
	if got := h.m.targets.saved()[0].Note; got != "the payments API!" {
		t.Fatalf("list note = %q", got)
	}
}

func TestFormPasteFillsAllThree(t *testing.T) {
	for _, in := range []string{"dev-gcp:team:app", "dev-gcp.team.app", "api://dev-gcp.team.app/.default"} {
		for field := range fieldCount {
			h := newHarness(t, nil)
			h.press("a")
			for h.m.form.focus != field {
				h.press("tab")
			}
			h.send(paste(in))
			if got := h.m.form.target(); got != target("dev-gcp:team:app") {
				t.Errorf("paste %q into field %d: target %v", in, field, got)
			}
			if f := h.m.form; f.flow != 0 || f.source != 0 || f.inputs[fNote].Value() != "" {
				t.Errorf("paste %q into field %d changed another field", in, field)
			}
		}
	}
}

// A pasted target that does not parse is not typed into the field: the
// form says which part is wrong, in the parser's words.
func TestFormPasteOfABadTargetNamesTheWrongPart(t *testing.T) {
	tests := []struct{ paste, want string }{
		{"dev-gcp:Team:app", `namespace "Team" must be lowercase; expected cluster:namespace:app`},
		{"api://dev-gcp.team.App/.default", `app "App" must be lowercase`},
		{"dev-gcp.team.my_app", `app "my_app" may hold only`},
		{"dev-gcp:team", `has 2 part(s) separated by ":", needs 3`},
	}
	for _, tt := range tests {
		h := newHarness(t, nil)
		h.press("a")
		h.typeText("dev-gcp")
		h.send(paste(tt.paste))
		if got := h.m.form.inputs[fCluster].Value(); got != "dev-gcp" {
			t.Errorf("paste %q: cluster field = %q, want it untouched", tt.paste, got)
		}
		v := h.view()
		if !strings.Contains(strings.Join(strings.Fields(v), " "), tt.want) || strings.Contains(v, "cluster must") || strings.Contains(v, "cluster may") {
			t.Errorf("paste %q: want %q, not a cluster error:\n%s", tt.paste, tt.want, v)
		}
		h.typeText("x") // typing again drops the message
		if strings.Contains(h.view(), tt.want) {
			t.Errorf("paste %q: the message outlived the next key", tt.paste)
		}
	}
}

// Pasted text that is not meant as a target goes into the field as usual;
// in the note, anything goes.
func TestFormPasteOfPlainText(t *testing.T) {
	h := newHarness(t, nil)
	h.press("a")
	h.send(paste("dev-gcp"))
	if got := h.m.form.inputs[fCluster].Value(); got != "dev-gcp" {
		t.Fatalf("cluster = %q", got)
	}
	for h.m.form.focus != fNote {
		h.press("tab")
	}
	h.send(paste("see https://docs.example/a.b.c: Team"))
	if got := h.m.form.inputs[fNote].Value(); got != "see https://docs.example/a.b.c: Team" || h.m.form.formErr != "" {
		t.Fatalf("note = %q, form error %q", got, h.m.form.formErr)
	}
}

func TestFormTypedTargetFillsAllThree(t *testing.T) {
	h := newHarness(t, nil)
	h.press("a")
	h.typeText("dev-gcp:team:app")
	if strings.Contains(h.view(), "✗") {
		t.Fatalf("a whole target is flagged while typing:\n%s", h.view())
	}
	h.press("tab")
	if got := h.m.form.target(); got != target("dev-gcp:team:app") {
		t.Fatalf("target %v", got)
	}
}

func TestFormValidation(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("a", "tab")
	h.typeText("Team_A")
	if !strings.Contains(h.view(), "namespace must be lowercase") {
		t.Fatalf("no inline error:\n%s", h.view())
	}
	if strings.Contains(h.view(), "cluster is empty") {
		t.Fatalf("a field merely tabbed past is flagged before a save:\n%s", h.view())
	}
	h.press("ctrl+s")
	if len(h.store.added) != 0 {
		t.Fatal("saved an invalid target")
	}
	for _, want := range []string{"cluster is empty", "app is empty"} {
		if !strings.Contains(h.view(), want) {
			t.Fatalf("save did not flag every field (%q):\n%s", want, h.view())
		}
	}
}

// An edited field that is emptied again is flagged at once; one never
// typed in is not.
func TestFormEmptyErrorOnceEdited(t *testing.T) {
	h := newHarness(t, nil)
	h.press("a")
	h.typeText("d")
	h.press("backspace", "tab", "tab")
	v := h.view()
	if !strings.Contains(v, "cluster is empty") || strings.Contains(v, "namespace is empty") {
		t.Fatalf("want only the edited field flagged:\n%s", v)
	}
}

// A long error wraps under the value column, not back to column 0.
func TestFormLongErrorWrapsUnderTheValue(t *testing.T) {
	h := newHarness(t, nil)
	h.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	h.press("a")
	h.typeText("-dev")
	lines := strings.Split(h.view(), "\n")
	at := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "✗ cluster may hold only") })
	if at < 0 || at+1 >= len(lines) {
		t.Fatalf("no error:\n%s", h.view())
	}
	col := lipgloss.Width(lines[at][:strings.Index(lines[at], "cluster may")])
	next := lines[at+1]
	if strings.TrimSpace(next) == "" || len(next)-len(strings.TrimLeft(next, " ")) != col {
		t.Fatalf("the error's second line %q does not start under its first (column %d):\n%s", next, col, h.view())
	}
}

// Focus shows without colour: a › before the focused label.
func TestFormMarksTheFocusedField(t *testing.T) {
	h := newHarness(t, nil)
	h.press("a", "tab")
	v := h.view()
	if !strings.Contains(v, "› Namespace") || strings.Contains(v, "› Cluster") || !strings.Contains(v, "  Cluster") {
		t.Fatalf("focus marker:\n%s", v)
	}
}

// On the note, enter saves; the help says so.
func TestFormHelpOnTheNoteSaysEnterSaves(t *testing.T) {
	h := newHarness(t, nil)
	h.press("a")
	if v := h.view(); !strings.Contains(v, "tab/enter next") {
		t.Fatalf("cluster help:\n%s", v)
	}
	h.press("shift+tab")
	v := h.view()
	if !strings.Contains(v, "enter save") || strings.Contains(v, "tab/enter next") || !strings.Contains(v, "tab next") {
		t.Fatalf("note help:\n%s", v)
	}
	h.send(paste("dev-gcp:team:app"))
	h.press("enter")
	if len(h.store.added) != 1 {
		t.Fatal("enter on the note did not save")
	}
}

func TestFormRejectsDuplicate(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("a")
	h.send(paste("dev-gcp:team-pay:payments-api"))
	h.press("ctrl+s")
	if len(h.store.added) != 0 || !strings.Contains(h.view(), "dev-gcp:team-pay:payments-api is already saved") {
		t.Fatalf("duplicate:\n%s", h.view())
	}
}

func TestFormStoreErrorStaysOnForm(t *testing.T) {
	h := newHarness(t, nil)
	h.store.err = errBoom
	h.press("a")
	h.send(paste("dev-gcp:team:app"))
	h.press("ctrl+s")
	h.wantScreen("form")
	if !strings.Contains(h.view(), "✗ boom") {
		t.Fatalf("store error not shown:\n%s", h.view())
	}
}

func TestFormEscCancels(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("a")
	h.typeText("dev-gcp")
	h.press("esc")
	h.wantScreen("targets")
	if len(h.store.added) != 0 || len(h.m.targets.saved()) != 3 {
		t.Fatal("esc saved")
	}
}

func TestFormSuggestsClusters(t *testing.T) {
	targets := append(demoTargets(), config.SavedTarget{Target: target("prod-gcp:a:b")})
	h := newHarness(t, targets)
	h.press("a")
	h.typeText("pr")
	if !strings.Contains(h.view(), "→ complete") {
		t.Fatalf("no completion offered:\n%s", h.view())
	}
	h.press("right")
	if got := h.m.form.inputs[fCluster].Value(); got != "prod-gcp" {
		t.Fatalf("cluster = %q after →", got)
	}
	h.press("backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	h.typeText("dev-f")
	h.press("right")
	if got := h.m.form.inputs[fCluster].Value(); got != "dev-fss" {
		t.Fatalf("cluster = %q after →", got)
	}
}

func TestFormTypesQAndQuestionMark(t *testing.T) {
	h := newHarness(t, nil)
	h.press("a", "shift+tab")
	h.typeText("q?")
	if h.quit || h.m.form.inputs[fNote].Value() != "q?" {
		t.Fatalf("q/? were not typed: quit=%v note=%q", h.quit, h.m.form.inputs[fNote].Value())
	}
}
