"""`report`: the network as one self-contained HTML page.

Jinja2 renders the page with autoescaping on, so every piece of user text (names, notes, goals) is
text, never markup; a Content-Security-Policy meta tag forbids scripts and any network request.
pygal draws the charts as SVG without a browser; its output is a tree we clean before inlining:
the script element it always adds (its tooltips; a `js` list emptied still leaves a config script)
and its comments are dropped. The charts carry numbers and month names only, no user text.
Both libraries are imported here, and this module only by the `report` command.
"""

import xml.etree.ElementTree as ET
from datetime import date

from mentornet.io import mapfile
from mentornet.services.picture import Picture

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'none'; form-action 'none'"
NAMES_PER_CELL = 6
SERIES_COLOURS = ("#1b5e20", "#90a4ae", "#0d47a1", "#e65100", "#6a1b9a")


def _clean_svg(tree) -> str:
    """pygal's chart without its script and comments, as markup to inline."""
    element = tree if isinstance(tree, ET.Element) else ET.fromstring(ET.tostring(tree))
    for parent in list(element.iter()):
        for child in list(parent):
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag.rsplit("}", 1)[-1] == "script" or child.tag is ET.Comment:
                parent.remove(child)
    ET.register_namespace("", mapfile.SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    return ET.tostring(element, encoding="unicode")


def _style():
    from pygal.style import Style

    return Style(background="transparent", plot_background="transparent", font_family="system-ui, sans-serif",
                 colors=SERIES_COLOURS, label_font_size=11, major_label_font_size=11, legend_font_size=12,
                 value_font_size=10, title_font_size=13)


def _chart(kind: str, labels: list[str], series: list[tuple[str, list[int]]], *, height: int, title: str):
    import pygal

    chart = getattr(pygal, kind)(
        js=[],  # no tooltip script from a CDN
        disable_xml_declaration=True, width=720, height=height, style=_style(), show_legend=True,
        legend_at_bottom=True, legend_box_size=12, x_label_rotation=0, truncate_label=-1, show_y_guides=True,
        print_values=False, explicit_size=False, min_scale=1, max_scale=4, order_min=0, title=title,
        margin=8, spacing=8, include_x_axis=True, range=None, show_minor_x_labels=True)
    chart.x_labels = labels
    for name, values in series:
        chart.add(name, values)
    return _clean_svg(chart.render_tree())


def _months_axis(picture: Picture) -> list[str]:
    return [m.first.strftime("%b") for m in picture.months]


def _names(names: list[str]) -> tuple[list[str], int]:
    return names[:NAMES_PER_CELL], max(len(names) - NAMES_PER_CELL, 0)


def render(picture: Picture, *, generated_on: date) -> str:
    """The page: the map, gaps and warnings, what is due, timelines, the numbers game, goals."""
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(loader=jinja2.PackageLoader("mentornet", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    axis = _months_axis(picture)
    timelines = [
        {"t": t, "chart": Markup(_chart("StackedBar", axis, [("meetings", list(t.meetings)),
                                                             ("other contacts", list(t.other))],
                                        height=190, title=""))}
        for t in picture.timelines
    ]
    numbers_chart = Markup(_chart("Bar", axis, [
        ("approaches", [n["approaches"] for n in picture.numbers]),
        ("replies", [n["people_replied"] for n in picture.numbers]),
        ("first meetings", [n["first_meetings"] for n in picture.numbers]),
        ("new contacts", [n["new_contacts"] for n in picture.numbers]),
    ], height=260, title="")) if picture.numbers else None
    map_svg = Markup(ET.tostring(mapfile.svg_element(picture.map), encoding="unicode"))
    gaps = []
    for role in picture.mosaic.roles:
        mentors, more_mentors = _names([f"{name} (going cold)" if name in role.cold else name for name in role.mentors])
        forming, more_forming = _names(role.forming)
        gaps.append({"role": role, "mentors": mentors, "more_mentors": more_mentors, "forming": forming,
                     "more_forming": more_forming})
    template = env.get_template("report.html.j2")
    return template.render(
        p=picture, csp=CSP, generated_on=generated_on, map_svg=map_svg, gaps=gaps, status=mapfile.STATUS,
        timelines=timelines, numbers_chart=numbers_chart, first_month=picture.months[0].label,
        last_month=picture.months[-1].label,
    )
