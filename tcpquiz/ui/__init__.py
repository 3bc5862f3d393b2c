"""Rich renderings for the CLI's commands (the review has its own in tcpquiz.review.render)."""
