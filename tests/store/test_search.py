"""The search index's documents (store/search.py): questions kept for the next meeting are
searchable like meetings and touches, under their contact's name, and leave the index, word and
all, when their contact is removed."""

from tests.reliability.test_privacy import files_beside, holding
from tests.services.test_search import assert_in_step, find


def test_a_question_is_found_under_its_contact_and_gone_with_them(ok, db_path):
    ok("add-contact", "Ada Okafor", "--role", "research")
    ok("add-contact", "Ben Liu", "--role", "career")
    ok("ask", "Ada", "Which zqxwedge design suits a clinic trial?")
    ok("ask", "Ben", "How did you choose a residency?")
    hits = find(ok, "zqxwedge")
    assert [(hit["contact"], hit["kind"], hit["date"]) for hit in hits] == [("Ada Okafor", "question", "2026-11-22")]
    assert "zqxwedge" in hits[0]["snippet"]
    ok("ask", "done", "1")  # a covered question is still history worth finding
    assert [hit["kind"] for hit in find(ok, "zqxwedge")] == ["question"]
    assert [hit["contact"] for hit in find(ok, "residency")] == ["Ben Liu"]
    ok("contacts", "remove", "Ada", "--yes")
    assert find(ok, "zqxwedge") == []
    assert [hit["contact"] for hit in find(ok, "residency")] == ["Ben Liu"]
    assert holding(files_beside(db_path), "zqxwedge", folded=True) == []  # merged out and zeroed, not just hidden
    assert_in_step(db_path)
