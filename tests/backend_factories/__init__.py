"""One module per backend; each defines `make(tmp_path)`, an async context manager yielding an
opened, empty Backend. tests/conftest.py parametrises the `backend` fixture over every module
here, so a new backend joins the whole conformance suite by adding its module."""
