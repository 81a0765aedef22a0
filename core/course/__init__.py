"""What the lessons and quizzes need: answer checks, lesson values, layer presets, link codecs."""
