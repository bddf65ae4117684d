"""Demo data shaped like a real programme (the Silk Road E-commerce "Cloud Lecture Hall")."""
