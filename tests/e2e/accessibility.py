"""The accessibility audit of the browser tests: axe-core (shipped in axe-playwright-python) against WCAG 2.1 A and
AA, on the page as it is at that moment."""

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def audit(page) -> list[str]:
    """What axe-core finds against WCAG 2.1 A and AA on the page as it is now: one line per rule and element."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={**WCAG, "resultTypes": ["violations"]})
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']} {node.get('failureSummary', '')}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]
