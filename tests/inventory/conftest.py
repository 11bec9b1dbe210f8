import pytest


@pytest.fixture(autouse=True)
def _imports_in_tmp(settings, tmp_path):
    """Files waiting between an import's report and its confirmation go to a temporary folder."""
    settings.INVENTORY_IMPORT_DIR = tmp_path / "imports"
