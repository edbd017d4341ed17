def test_add_and_gaps(ok):
    assert ok("add-contact", "Dr. Ada Okafor", "--role", "research", "--stage", "cultivation").stdout == "1\n"
    data = ok("gaps", "--json").json()
    assert [r["role"] for r in data["roles"]] == ["clinical", "research", "career", "personal"]
