"""What pyproject.toml cannot say: the repository's `reader/` and `annotations/` install as `tandem.reader` and
`tandem.annotations` (so no top-level name collides with another project's), and the repository's `articles/` go
into the wheel as `tandem/reader/samples/`, so an installed `tandem` opens its samples outside a checkout (see
`bundled_samples`)."""

import shutil
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent
FOLDERS = ("reader", "annotations")  # each installs as tandem.<folder>; `tandem` itself is a namespace package
SAMPLES = HERE / "articles"


class BuildWithSamples(build_py):
    """build_py, plus the sample articles under tandem/reader/samples."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "tandem" / "reader" / "samples"
        target.mkdir(parents=True, exist_ok=True)
        for article in sorted(SAMPLES.glob("*.txt")):
            shutil.copyfile(article, target / article.name)


setup(
    packages=[f"tandem.{name}" for name in find_packages(include=[f"{f}*" for f in FOLDERS])],
    package_dir={f"tandem.{folder}": folder for folder in FOLDERS},
    cmdclass={"build_py": BuildWithSamples},
)
