"""The data package says what the product is, in the words the site's pages print (written here by hand from the
site's footer, not read from the code): its name and that it is not a product of the producers of the figures."""

from __future__ import annotations

import json

import pytest

from dashboard.exports.package import package_files

NAME = "UK maternal outcome statistics"
STATEMENT = ("An independent presentation of published figures. It is not a product of MBRRACE-UK or the Office for "
             "National Statistics (ONS).")


@pytest.fixture(scope="module")
def package(store) -> dict[str, bytes]:
    return package_files(store, "https://example.org")


def test_the_package_readme_names_the_product_and_its_independence(package):
    readme = package["README.md"].decode("utf-8")
    assert readme.startswith(f"# {NAME}: data package\n")
    assert readme.count(STATEMENT) == 2  # under the title and under how to cite
    assert f"> {NAME} (version " in readme


def test_the_package_descriptor_ends_with_the_independence_statement(package):
    assert json.loads(package["datapackage.json"])["description"].endswith(" " + STATEMENT)
