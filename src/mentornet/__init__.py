"""mentornet: build and tend your own mentoring network."""

__version__ = "0.1.0"
