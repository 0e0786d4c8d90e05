package ui

import (
	"slices"
	"testing"

	"github.com/entratoken/entratoken/config"
)

func TestFilterThenRun(t *testing.T) {
	h := newHarness(t, demoTargets())
	h.press("/")
	h.typeText("case")
	if !h.m.takingText() {
		t.Fatal("not filtering")
	}
	h.press("q") // a letter in the filter, not quit
	if h.quit {
		t.Fatal("q quit while filtering")
	}
	h.press("backspace", "enter", "enter")
	h.wantScreen("chooser")
	if h.m.chooser.target.Target.App != "case-api" {
		t.Fatalf("chose %v", h.m.chooser.target.Target)
	}
}

func TestContainsFilterKeepsTargetsWithEveryWord(t *testing.T) {
	values := []string{
		"dp-soknad teamdagpenger dev-gcp Dagpenger",
		"pdl-api pdl dev-gcp Person data",
		"pensjon-pen teampensjon dev-gcp Pension API",
		"team-dash pdl-support dev-fss reads pdl-api",
	}
	for term, want := range map[string][]int{
		"dp-soknad":     {0},
		"PDL":           {1, 3},
		"pdl-api":       {1, 3}, // the app name first, then the note
		"api":           {1, 2, 3},
		"team pension":  {2},
		"dash pdl":      {3},
		"nothing-there": nil,
		"":              {0, 1, 2, 3},
	} {
		var got []int
		for _, r := range containsFilter(term, values) {
			got = append(got, r.Index)
		}
		if !slices.Equal(got, want) {
			t.Errorf("filter %q kept %v, want %v", term, got, want)
		}
	}
}

// The app name leads the filter value, so a match there ranks above one in
// the namespace or note.
func TestFilterRanksTheAppNameFirst(t *testing.T) {
	targets := []config.SavedTarget{
		{Target: target("dev-gcp:pdl:team-dash"), Note: "reads pdl-api"},
		{Target: target("dev-gcp:pdl:pdl-api")},
	}
	if got := (targetItem{targets[0]}).FilterValue(); got != "team-dash pdl dev-gcp reads pdl-api" {
		t.Fatalf("FilterValue = %q", got)
	}
	h := newHarness(t, targets)
	h.press("/")
	h.typeText("pdl-api")
	h.press("enter", "enter")
	h.wantScreen("chooser")
	if got := h.m.chooser.target.Target.App; got != "pdl-api" {
		t.Fatalf("enter on the filtered list ran %s", got)
	}
}
